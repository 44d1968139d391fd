"""Text written here for the cleaning and extraction tests: four paragraphs of one plain news article."""

ARTICLE_PARAGRAPHS = [
    "The two governments agreed on Monday to set up a joint command that will plan and run the operations of "
    "their forces in the region, a change that officials in both capitals described as the largest in decades.",
    "Under the plan, which still needs the approval of the parliament in Tokyo, the new headquarters will be "
    "staffed by officers from both countries and will report to the ministers who signed the agreement.",
    "Critics of the deal said that it would tie the country more closely to a partner whose priorities could "
    "change after an election, and they asked the government to explain how the command would be controlled.",
    "Officials said the first exercises under the new command were expected in the spring, and that the "
    "details of its budget would be published with the rest of the defence plans later in the year.",
]
