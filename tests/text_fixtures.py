"""Text written here for the cleaning and extraction tests: four paragraphs of one plain news article, a list of
other stories' headlines and a short comment thread."""

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
HEADLINES = [
    "Ten things to know before the summit in Washington",
    "Why the yen keeps falling against the dollar this winter",
    "Inside the race to build the next generation of fighter jets",
    "The small town that became the centre of a diplomatic storm",
    "What the new budget means for families across the country",
    "How a forgotten treaty shaped the post-war order in Asia",
]
COMMENTS = [
    "Alice Walker • 2 hours ago",
    "This is a terrible idea and the government should think again before it signs anything at all.",
    "Reply",
    "Bob Stone • 3 hours ago",
    "I agree with the plan, it was long overdue and the critics have no better ideas than the ones in it.",
    "Reply",
    "Carol Jones • 5 hours ago",
    "Who is going to pay for all of this? Nobody in the article says where the money will come from.",
    "Reply",
]
