"""Text-level boilerplate rules: each kind in each language, and body sentences that must stay."""

from __future__ import annotations

import pytest

from cleaners.boilerplate import classify_blocks, remove_text_boilerplate

PROMPTS = {
    "comment_form": [
        "Kommentarfunktion ist deaktiviert", "Comments are disabled.", "RSS Feed zu den Kommentaren dieses Artikels",
        "Um einen Kommentar zu hinterlassen, loggen Sie sich bitte ein.",
        "Kommentare von Lesern stellen keinesfalls die Meinung der Redaktion dar!",
        "Leave a Reply", "Leave a Comment", "Your email address will not be published. Required fields are marked *",
        "Save my name, email, and website in this browser for the next time I comment.", "Post Comment",
        "3 thoughts on “Why we walk”", "You must be logged in to post a comment.",
        "Laisser un commentaire", "Laisser une réponse", "Votre adresse e-mail ne sera pas publiée.",
        "Les champs obligatoires sont indiqués avec *", "Annuler la réponse",
        "Enregistrer mon nom, mon e-mail et mon site dans le navigateur pour mon prochain commentaire.",
        "Schreibe einen Kommentar", "Hinterlasse einen Kommentar",
        "Deine E-Mail-Adresse wird nicht veröffentlicht. Erforderliche Felder sind mit * markiert",
        "Deja un comentario", "Tu dirección de correo electrónico no será publicada.", "Cancelar respuesta",
        "Lascia un commento", "Il tuo indirizzo email non sarà pubblicato.", "Annulla risposta",
        "Deixe um comentário", "O seu endereço de email não será publicado.", "Cancelar resposta",
        "Laat een reactie achter", "Je e-mailadres wordt niet gepubliceerd.", "Reactie annuleren",
        "Vos réactions", "Verraten Sie gerne in den Kommentaren:", "Kommentare insgesamt: 0", "12 Comments", "Let us know what you think in the comments below!",
    ],
    "share": [
        "Share this:", "Share", "Partager", "Partager cet article", "Teilen", "Compartir", "Condividi", "Compartilhe",
        "Delen", "Facebook Twitter LinkedIn Email", "Partager sur Facebook", "Click to share on Twitter (Opens in new window)",
    ],
    "cookie_notice": [
        "We use cookies to give you the best experience. By continuing, you agree to our use of cookies.",
        "Ce site utilise des cookies pour améliorer votre expérience. En savoir plus.",
        "Wir verwenden Cookies, um Ihnen das beste Erlebnis zu bieten.",
        "Este sitio web utiliza cookies para mejorar su experiencia.",
        "Questo sito utilizza cookie tecnici e di profilazione.",
        "Este site utiliza cookies para melhorar a sua experiência.",
        "Deze website maakt gebruik van cookies.", "Accept all cookies", "Tout accepter", "Alle akzeptieren",
        "Wir respektieren deine Privatsphäre und stellen ohne dein Einverständnis keine Verbindung zu Twitter her.",
        "To view this content, please accept cookies from the video platform.", "Externer Inhalt",
    ],
    "newsletter": [
        "Subscribe to our newsletter", "Sign up for our weekly newsletter and get the best stories.",
        "Inscrivez-vous à notre newsletter",
        "Newsletter abonnieren", "Iscriviti alla newsletter",
        "Enter your email address",
    ],
    "navigation": [
        "Hauptinhalt", "Aktuelle Seite:", "Sie sind hier: Startseite > Aktuelles", "You are here: Home / News", "Home /",
        "In diesem Artikel:", "In this article:",
        "Skip to content", "Skip to main content", "Aller au contenu principal", "Zum Inhalt springen",
        "Saltar al contenido", "Vai al contenuto", "Ir para o conteúdo", "Naar de inhoud springen",
        "Home › News › World", "Accueil > Actualités > Monde", "Back to top", "Retour en haut de la page",
        "Zurück zur Übersicht", "Back to the list", "Permalink: https://example.org/p/123",
    ],
    "related": [
        "Seguir leyendo:", "Diese Artikel könnten dich auch interessieren:", "Mehr entdecken", "Weiterführende Links",
        "Sehen Sie auch: Woran Sie erkennen, dass Sie gut schlafen", "Siguiente noticia", "Load more stories",
        "Related articles", "Read more: The night trains are back",
        "Lesen Sie auch: Die Bahn und das Wetter", "Te puede interesar", "Leggi anche",
        "You may also like",
        "Le puede interesar: El tren vuelve a la costa", "MIRA: El tren vuelve a la costa", "Czytaj też: Pociągi wracają", "Weiterlesen: Die Bahn im Winter",
        "Das könnte dich auch interessieren:", "Further reading", "Schon gelesen?",
        "Más sobre La Tercera AM", "Entdecke weitere Homestorys", "Audios et vidéos sur le sujet", "More on coronavirus:",
    ],
    "paywall": [
        "To read the full story, please subscribe to the Valley Courier. Plans start at $5 a week.",
        "Already a subscriber? Log in for full access.",
        "If you’re seeing this message but you’re already a subscriber, you can log in for immediate access to this story.",
        "Pour lire la suite de cet article, abonnez-vous.", "Hazte miembro y apoya el periodismo local.",
        "Support independent journalism with a monthly gift.", "Try four weeks for free. Cancel any time.",
        "If you enjoyed this story, please consider supporting our newsroom.",
        "Die aktuelle Ausgabe jetzt an jedem Kiosk, im Abo und als e-Paper erhältlich.",
        "We have reported on this valley for 106 years. BECOME A MEMBER AND ENJOY EXCLUSIVE BENEFITS",
    ],
    "advertisement": [
        "Advertisement", "- Anzeige -", "Publicité", "Werbung:", "Anzeige, enthält Affiliate-Links",
        "This post contains affiliate links, and we may earn a commission when you buy through them.",
        "Our picks are independent, but we may receive compensation when you click on links to products.",
        "*Werbung. Dieser Beitrag enthält Werbung für eine Marke.",
        "Story continues below advertisement", "Advertisement - Scroll to continue", "Continue reading the main story",
    ],
    "boilerplate": [
        "© 2021 The Valley Courier. All rights reserved.", "Alle Rechte vorbehalten.",
        "We want to hear what you think about this article. Write to the editors.",
        "Para comentar debes registrarte en el sitio.", "War dieser Artikel hilfreich?", "Was this article helpful?",
        "About the author", "Suggested citation: Doe, J.: The harbour, Blog, 2024.", "(No ratings yet) Loading...",
        "Impressum | Datenschutz | Kontakt | AGB", "Pressekontakt:", "Weitere Informationen:", "Release Date:",
        "23.10.2018", "Veröffentlicht am 12.05.2024, 14:30 Uhr", "2024-05-12", "Loading...",
        "Annual report 2023 PDF | 38 KB | not accessible", "3:59 PM",
        "(Alle Angaben ohne Gewähr)", "4.67 from 21 votes",
        "This entry was posted in News and tagged harbour, ferry.",
        "Post Views: 111", "37 views", "1.204 Aufrufe", "(Visited 215 times, 55 visits today)", "Rate this post",
        "Rating: 6.0/6 (1 vote cast)", "Our harbour walk, 5.0 out of 5 based on 2 ratings", "Vielen Dank für deine Stimme!",
        "Ist der Artikel hilfreich?", "Tags: harbour, ferry, winter", "Tags:Uncategorized", "Categories: practices",
        "Kategorisiert unter: Guides • Tipps & Tricks", "Filed under: News", "17. Mai 2022", "March 3, 2021",
        "Erstellt am: 01.11.2023", "Créé: 12.12.2019, 07h36", "Erscheinungsdatum: 07.02.2022",
        "Pubblicato il: 30 Settembre 2020 Ultimo aggiornamento: 30 Settembre 2020",
        "Estimated reading time: 6 minutes", "Lesezeit: 4 Min.", "5 min read", "Temps de lecture : 3 min",
        "Listen to this article", "Escucha esta nota aquí",
        "Zugehörige Themenseiten: Digitalisierung",
        "Tel.: (030) 78 95 47 78", "Fax: (030) 78 95 47 79", "E-Mail: presse@example.org", "Telefon:",
        "Tel. +49 40 123 456 | Fax +49 40 123 457",
        "Annual report 2023PDF | 38 KB | not accessible",
        "Unless otherwise noted, content on this site is licensed under a Creative Commons Attribution licence.",
        "page.html - Created 03-10-2004 2:20pm - Last Modified: 03-10-2004 2:20pm",
        "Weitere Infos unter www.example.org.",
        "Das Magazin jetzt auch digital! Einfach hier klicken und registrieren!",
        "If you're on our app, click here to watch live",
    ],
}

CALLS_TO_ACTION = {
    "newsletter": [
        "Never miss a story: sign up to our newsletter today!", "Want the news first? Sign up here.",
        "Get the morning briefing delivered straight to your inbox.", "Zum Newsletter anmelden",
    ],
    "share": [
        "Follow the Valley Courier on Twitter and Instagram for live updates.", "Folgen Sie uns auf Facebook.",
        "Möchten Sie den Artikel teilen?", "Print this article", "Drucken", "Teilen mit:",
        "Check out our YouTube channel for more!",
        "You can write to us at desk@example.org or follow us on Facebook and Instagram.",
        "For breaking news, download our app for iOS and Android.", "Suivez-nous sur Instagram et TikTok",
    ],
}


@pytest.mark.parametrize(("kind", "text"), [(kind, text) for kind, texts in PROMPTS.items() for text in texts])
def test_prompt_is_recognised_with_its_kind(kind: str, text: str) -> None:
    assert classify_blocks([text]) == [kind]


@pytest.mark.parametrize(("kind", "text"), [(kind, text) for kind, texts in CALLS_TO_ACTION.items() for text in texts])
def test_call_to_action_is_recognised_with_its_kind(kind: str, text: str) -> None:
    assert classify_blocks([text]) == [kind]


BODY_SENTENCES = [
    "Readers were asked to leave a comment on the website about the proposal, and hundreds did within an hour.",
    "Le site utilise des cookies depuis 2019, a reconnu la Cnil dans sa décision publiée jeudi, qui inflige une amende.",
    "She said she would share the data with other researchers once the study was published next year.",
    "Die Leser konnten einen Kommentar hinterlassen, doch die Redaktion schloss die Funktion nach einer Woche.",
    "Name",
    "Website",
    "Comments",
    "Menu of the day: soup, fish and a cheese board from the valley.",
    "Skip to content of the report if you are in a hurry: the last chapter holds the conclusions.",
    "The paper lost a third of its readers after it asked them to subscribe to the print edition in 2019.",
    "Her newsletter, which she started during the lockdown, now has forty thousand readers across Europe.",
    "The ministry said it would follow the rules on Twitter as strictly as any other citizen would.",
    "Advertising revenue fell by a fifth last year, the company said in its annual report on Monday.",
    "Users can download the app for iOS, but the Android version will only come out in the spring.",
    "The report's table of contents lists twelve chapters, one for each region of the country.",
    "Without your consent, the doctor said, no connection to the clinic's records would be made.",
    "Print editions sold out by noon, the publisher said, and the website crashed twice.",
    "Contact with the crew was lost at 9 pm, and the coastguard launched a search at dawn.",
    "On 23.10.2018 the council voted to close the harbour for the winter.",
    "At 3:59 PM the ferry left the harbour with forty passengers and two dogs on board.",
    "12 comments from readers were published in the Saturday edition.",
    "10.30 Uhr: Eröffnung des Hafenfests",
    "All rights reserved by the original authors, the court found, so the copies had to be destroyed.",
    "Seit dem Frühjahr lesen mehr Menschen die Zeitung als e-Paper, sagte der Verlag.",
    "The new edition of the atlas was published in 2020, with maps of every harbour.",
    "She went on to become a member of parliament in 1998 and served two terms.",
    "The law was last modified in 2004, when the council extended the harbour's opening hours.",
    "You can follow the river path to the old mill, where the trail ends at a small café.",
    "More on that later.",
    "Mehr zu den Radwegen erfahren Sie im zweiten Teil. Dort geht es um die Strecke.",
    "The story continues below the surface: the divers found a second wreck under the first.",
    "Continue reading if you want the recipe, or skip to the photos at the end.",
    "Der Artikel geht weiter auf die Folgen für die Pendler ein.",
    "The video had 37 views by Monday, and a million by Friday.",
    "Comments by the minister did not reflect the views of the government, a spokesman said.",
    "Tags are sewn into every jacket, so that lost ones can be returned to their owners.",
    "On 17 May 2022 the council voted to close the harbour for the winter.",
    "Rate cuts are expected next year, the central bank said.",
    "Kategorie: Bestes Kinderbuch",
    "Telefonieren ist am Steuer verboten, sagte die Polizei am Montag.",
    "The phone: 2 years old, cracked, and still working.",
    "In diesem Artikel stellen wir die wichtigsten Punkte vor.",
    "The reading time of the report is about 40 minutes, the authors say.",
    "You are here because the ferry stopped running, the captain told the passengers.",
    "Siehe auch die Karte am Ende des Artikels, auf der alle Stationen eingezeichnet sind.",
    "She was already registered with the club, she said, and could not log in to book a court.",
]


@pytest.mark.parametrize("text", BODY_SENTENCES)
def test_body_sentences_and_lone_labels_stay(text: str) -> None:
    assert classify_blocks([text]) == [None]


def test_labels_are_removed_inside_a_comment_form_only() -> None:
    blocks = ["An article paragraph that ends here.", "Leave a Reply", "Comment *", "Name *", "Email *", "Website",
              "3 + 4 =", "Post Comment", "Website"]
    kinds = classify_blocks(blocks)
    assert kinds == [None, "comment_form", "comment_form", "comment_form", "comment_form", "comment_form",
                     "captcha", "comment_form", "comment_form"]


def test_a_run_of_labels_is_a_form_even_without_a_prompt() -> None:
    assert classify_blocks(["Nom *", "E-mail *", "Site web"]) == ["comment_form"] * 3


def test_remove_text_boilerplate_returns_kept_indices_and_audit() -> None:
    kept, removed = remove_text_boilerplate(["Skip to content", "A real paragraph of the article.", "sept − trois ="])
    assert kept == [1]
    assert [(r.kind, r.text) for r in removed] == [("navigation", "Skip to content"), ("captcha", "sept − trois =")]


def test_match_key_folds_spacing_and_trims_punctuation_at_both_ends() -> None:
    from cleaners.boilerplate import match_key

    assert match_key("  •\u00a0Leave a *Reply*\u2003:: —") == "leave a reply"
    assert match_key(">> Read more… ") == "read more"
    assert match_key("a - b") == "a - b"  # inner punctuation stays
    assert match_key("*** ---") == ""
