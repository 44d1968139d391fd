"""The dashboard's pages: light to import, so the entry script draws its frame before loading any data library."""

__all__ = ["CORPUS_PAGES", "PAGE_ELEMENTS", "PAGE_SPECS", "PAGE_TITLES", "PAGES", "SIDEBAR_ELEMENTS"]

#: The dashboard's pages, in menu order: url path, title, file, icon. The first is the default page.
PAGE_SPECS = (
    ("overview", "Overview", "app_pages/overview.py", ":material/dashboard:"),
    ("timeline", "Timeline", "app_pages/timeline.py", ":material/timeline:"),
    ("themes", "Themes & shifts", "app_pages/themes.py", ":material/bubble_chart:"),
    ("compare", "Compare", "app_pages/compare.py", ":material/compare:"),
    ("read", "Read & search", "app_pages/read.py", ":material/menu_book:"),
    ("add", "Add documents", "app_pages/add.py", ":material/upload_file:"),
)
#: Page url paths.
PAGES = tuple(spec[0] for spec in PAGE_SPECS)
#: Each page's title (its heading), by url path.
PAGE_TITLES = {spec[0]: spec[1] for spec in PAGE_SPECS}
#: The pages that show the corpus under the sidebar's filters: all but the page that adds documents.
CORPUS_PAGES = tuple(page for page in PAGES if page != "add")
#: The elements the sidebar draws on every page whose browser code loads on first use (Streamlit's element
#: names, as AppTest gives them): a first visit's page asks for their code with the page (``preload``).
SIDEBAR_ELEMENTS = ("selectbox", "multiselect", "text_input", "number_input", "toggle", "button_group")
#: The same for each page's main part, as the page draws on opening with the default settings.
PAGE_ELEMENTS = {
    "overview": ("metric", "page_link", "dataframe", "vega_lite_chart"),
    "timeline": ("plotly_chart", "radio", "text_input"),
    "themes": ("plotly_chart", "selectbox", "metric", "html", "dataframe", "button_group"),
    "compare": ("button_group", "selectbox", "slider", "html"),
    "read": ("dataframe", "download_button", "selectbox"),
    "add": ("file_uploader", "text_input", "text_area", "button"),
}
