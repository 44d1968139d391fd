"""Text written here for the cleaning and extraction tests: four paragraphs of one plain news article, a list of
other stories' headlines, a short comment thread, and an article in a language without a stop-word list (Dutch)."""

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
# A made-up local news story in Dutch, a language without a list in data/stopwords.toml: nine paragraphs, enough
# for the content detector to derive the page's own function words.
DUTCH_ARTICLE = [
    "De gemeente heeft op maandag besloten dat de oude brug over de rivier in het voorjaar wordt gesloten, zodat de "
    "werkzaamheden aan de fundering eindelijk kunnen beginnen na jaren van uitstel en discussie in de raad.",
    "Volgens de wethouder is de brug al lang niet meer veilig voor het zware verkeer, en de inspecteurs hebben in "
    "het afgelopen jaar op meerdere plaatsen scheuren gevonden die met het blote oog te zien zijn.",
    "Voor de bewoners van het dorp aan de overkant van de rivier betekent de sluiting dat zij een omweg van bijna "
    "twintig minuten moeten maken, en dat is voor veel van hen een grote zorg in de winter.",
    "De gemeente wil daarom een tijdelijke veerpont laten varen, die in de ochtend en aan het eind van de middag "
    "elk half uur vertrekt, maar het is nog niet zeker of er genoeg geld voor is.",
    "Een woordvoerder van de provincie zei dat er over de kosten van de pont nog wordt gesproken, en dat een besluit "
    "pas in de volgende maand wordt verwacht, als de begroting van het nieuwe jaar klaar is.",
    "Op een bijeenkomst in het dorpshuis vroegen de bewoners waarom het werk niet in de zomer kan worden gedaan, "
    "als er minder verkeer is en de kinderen niet elke dag naar school op de andere oever gaan.",
    "De aannemer antwoordde dat de rivier in de zomer te laag staat voor de schepen die het materiaal moeten "
    "brengen, en dat het werk daarom in het voorjaar moet beginnen en in het najaar klaar zal zijn.",
    "Veel bewoners waren niet tevreden met dat antwoord, maar de meesten zeiden aan het eind van de avond dat zij "
    "liever een jaar een omweg maken dan over een brug rijden die niet meer veilig is.",
    "De nieuwe brug krijgt een breed fietspad aan de kant van het water, en de gemeente hoopt dat er daardoor na "
    "de opening meer mensen met de fiets naar het werk in de stad zullen gaan.",
]
