"""Add documents: upload files, optionally name the corpus and give it themes and eras, then build and open it."""

import streamlit as st

from alliance_dashboard.display import md_escape, plain
from alliance_dashboard.sidebar import PENDING_CORPUS, current
from alliance_dashboard.store import cache_dir
from alliance_dashboard.uploads import (
    ACCEPTED_SUFFIXES, ROLES, UploadError, UploadedFile, columns_to_choose, list_uploads, remove_upload, store_upload,
    upload_limits,
)

_ADDED = "_alliance_uploads_added"  # ids this session uploaded: only those may be removed from here
_NONE = "—"

current()  # the sidebar ran: the corpus selector and filters stay as they are
st.title("Add documents")
limits = upload_limits()
st.caption(
    f"Upload articles, speeches or cables: up to {limits.max_upload_mb} MB and {limits.max_files:,} files at once. "
    "Plain text, Markdown and HTML files are one document each; CSV and JSON Lines tables one document per row; "
    "any of them gzip-compressed, or a .zip of them all. The corpus is built on this server and gets a link "
    "anyone with access to this dashboard can open; files that cannot be read are listed by name with the reason."
)

files = st.file_uploader("Documents", type=list(ACCEPTED_SUFFIXES), accept_multiple_files=True, key="upload_files")
with st.expander("Name, description, themes and eras (optional)"):
    name = st.text_input("Name", key="upload_name", max_chars=80, placeholder="e.g. Embassy cables 1970s")
    description = st.text_area("Description", key="upload_description", max_chars=500)
    themes_file = st.file_uploader("Themes file (TOML, as in themes.toml)", type=["toml"], key="upload_themes")
    eras_file = st.file_uploader("Eras file (TOML: [[era]] name, start, end)", type=["toml"], key="upload_eras")

uploaded = [UploadedFile(f.name, f.getvalue()) for f in files or []]
columns: dict[str, dict[str, str]] = {}
for index, file in enumerate(uploaded):
    found = columns_to_choose(file)
    if found is None:
        continue
    st.markdown(f"**{md_escape(plain(file.name))}**: which columns hold what?")
    if not found:
        st.caption("No columns could be read from this table; it will be reported when the corpus is built.")
        continue
    choices = [_NONE] + found
    cells = st.columns(4)
    picked = {}
    for cell, role, label in zip(cells, ROLES, ("Text", "Title", "Date", "Outlet")):
        value = cell.selectbox(label, choices, index=1 if role == "text" else 0, key=f"upload_col_{index}_{role}",
                               format_func=lambda c: plain(c, limit=40))
        if value != _NONE:
            picked[role] = value
    columns[file.name] = picked

if st.button("Build corpus", type="primary", disabled=not uploaded, icon=":material/upload:"):
    try:
        choice = store_upload(
            cache_dir(), uploaded, name=name, description=description,
            themes_toml=themes_file.getvalue() if themes_file else None,
            eras_toml=eras_file.getvalue() if eras_file else None,
            columns=columns, limits=limits,
        )
    except UploadError as exc:
        st.error(f"Not uploaded: {md_escape(exc)}", icon=":material/error:")
    else:
        st.session_state.setdefault(_ADDED, set()).add(choice.name)
        st.session_state[PENDING_CORPUS] = choice.name
        st.switch_page("app_pages/overview.py", query_params={})

added = st.session_state.get(_ADDED, set())
mine = [c for c in list_uploads(cache_dir()) if c.name in added]
if mine:
    st.subheader("Your uploads")
    st.caption("Uploads live as long as this server's storage; on Streamlit Community Cloud, as long as the app's "
               "container. To keep a corpus for good, commit its files and name them in the corpus settings.")
    for choice in mine:
        left, right = st.columns([4, 1])
        left.markdown(f"**{md_escape(plain(choice.title or 'Uploaded corpus'))}** · link id `{choice.name}`")
        if right.button("Remove", key=f"remove_{choice.name}", icon=":material/delete:"):
            remove_upload(cache_dir(), choice.name)
            added.discard(choice.name)
            st.rerun()
