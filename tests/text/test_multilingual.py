"""Text pages written for these tests in several languages: structure, boilerplate, and what stays."""

from __future__ import annotations

from typing import Any

import pytest

from cleaners import extract_text

PAGES: list[dict[str, Any]] = [
    {
        "language": "en",
        "page": """Skip to content

By Sarah Whitfield

City council approves new cycling lanes across the old harbour district

The plan, which has been debated for three years, will add twelve kilometres of protected lanes.

The council voted nine to four on Tuesday evening to approve the long-delayed network, which will connect the harbour district with the central station and the university campus.

Supporters said the lanes would make the district safer for children who cycle to school, while opponents warned that shop owners would lose parking spaces.

How the money will be spent

The first phase, costing about four million pounds, will begin next spring and should be finished before the end of the following year.

A second phase will depend on a grant from the national transport fund, which the council expects to hear about in the autumn.

Share this:

Facebook Twitter LinkedIn Email

Leave a Reply

Your email address will not be published. Required fields are marked *

Comment *

Name *

Email *

Website

Save my name, email, and website in this browser for the next time I comment.

What is 4 + 3?

Post Comment
""",
        "title": "City council approves new cycling lanes across the old harbour district",
        "authors": ["Sarah Whitfield"],
        "description": "The plan, which has been debated for three years, will add twelve kilometres of protected lanes.",
        "headings": ["How the money will be spent"],
        "paragraphs": 4,
        "removed_kinds": {"navigation", "share", "comment_form", "captcha"},
    },
    {
        "language": "de",
        "page": """Von Katharina Vogel

Stadtrat beschließt neue Radwege im alten Hafenviertel

Nach drei Jahren Debatte sollen zwölf Kilometer geschützte Radwege entstehen.

Der Stadtrat hat am Dienstagabend mit neun zu vier Stimmen das lange verzögerte Netz beschlossen, das das Hafenviertel mit dem Hauptbahnhof und der Universität verbinden soll.

Befürworter sagten, die Wege machten das Viertel für Kinder sicherer, während Gegner warnten, dass Geschäfte Parkplätze verlieren würden.

Wie das Geld ausgegeben wird

Die erste Phase kostet rund vier Millionen Euro und soll im nächsten Frühjahr beginnen und bis Ende des folgenden Jahres fertig sein.

Eine zweite Phase hängt von einem Zuschuss des Bundesverkehrsfonds ab, über den im Herbst entschieden wird.

Hinterlasse einen Kommentar

Deine E-Mail-Adresse wird nicht veröffentlicht. Erforderliche Felder sind mit * markiert

Wie viel ist drei plus vier?

Kommentar abschicken
""",
        "title": "Stadtrat beschließt neue Radwege im alten Hafenviertel",
        "authors": ["Katharina Vogel"],
        "description": "Nach drei Jahren Debatte sollen zwölf Kilometer geschützte Radwege entstehen.",
        "headings": ["Wie das Geld ausgegeben wird"],
        "paragraphs": 4,
        "removed_kinds": {"comment_form", "captcha"},
    },
    {
        "language": "es",
        "page": """Foto: Ayuntamiento de Valencia

Por Lucía Martínez

El ayuntamiento aprueba nuevos carriles bici en el antiguo barrio del puerto

Tras tres años de debate, la ciudad tendrá doce kilómetros de carriles protegidos.

El pleno votó el martes por nueve votos a cuatro a favor de la red, que unirá el barrio del puerto con la estación central y el campus universitario.

Los partidarios dijeron que los carriles harán el barrio más seguro para los niños, mientras que los comerciantes temen perder plazas de aparcamiento.

Cómo se gastará el dinero

La primera fase costará unos cuatro millones de euros y comenzará la próxima primavera.

Una segunda fase dependerá de una subvención del fondo nacional de transporte.

Deja un comentario

Tu dirección de correo electrónico no será publicada. Los campos obligatorios están marcados con *

siete − dos =

Publicar el comentario
""",
        "title": "El ayuntamiento aprueba nuevos carriles bici en el antiguo barrio del puerto",
        "authors": ["Lucía Martínez"],
        "caption": "Foto: Ayuntamiento de Valencia",
        "description": "Tras tres años de debate, la ciudad tendrá doce kilómetros de carriles protegidos.",
        "headings": ["Cómo se gastará el dinero"],
        "paragraphs": 4,
        "removed_kinds": {"comment_form", "captcha"},
    },
    {
        "language": "it",
        "page": """Di Giulia Rossi

Il consiglio comunale approva nuove piste ciclabili nel vecchio quartiere del porto

Dopo tre anni di discussioni, la città avrà dodici chilometri di piste protette.

Il consiglio ha votato martedì sera con nove voti a favore e quattro contrari la rete, che collegherà il quartiere del porto con la stazione centrale e l'università.

I sostenitori hanno detto che le piste renderanno il quartiere più sicuro per i bambini, mentre i commercianti temono di perdere parcheggi.

Come verranno spesi i soldi

La prima fase costerà circa quattro milioni di euro e inizierà la prossima primavera.

Una seconda fase dipenderà da un finanziamento del fondo nazionale dei trasporti.

Lascia un commento

Il tuo indirizzo email non sarà pubblicato. I campi obbligatori sono contrassegnati *

Quanto fa sei per due?

Pubblica il commento
""",
        "title": "Il consiglio comunale approva nuove piste ciclabili nel vecchio quartiere del porto",
        "authors": ["Giulia Rossi"],
        "description": "Dopo tre anni di discussioni, la città avrà dodici chilometri di piste protette.",
        "headings": ["Come verranno spesi i soldi"],
        "paragraphs": 4,
        "removed_kinds": {"comment_form", "captcha"},
    },
    {
        "language": "pt",
        "page": """Por João Pereira

Câmara aprova novas ciclovias no antigo bairro do porto

Depois de três anos de debate, a cidade terá doze quilómetros de ciclovias protegidas.

A câmara votou na terça-feira, por nove votos contra quatro, a favor da rede, que vai ligar o bairro do porto à estação central e à universidade.

Os apoiantes disseram que as ciclovias tornarão o bairro mais seguro para as crianças, enquanto os comerciantes temem perder lugares de estacionamento.

Como o dinheiro será gasto

A primeira fase vai custar cerca de quatro milhões de euros e começa na próxima primavera.

Uma segunda fase depende de um apoio do fundo nacional de transportes.

Deixe um comentário

O seu endereço de email não será publicado. Campos obrigatórios são marcados com *

cinco + três = ?

Publicar comentário
""",
        "title": "Câmara aprova novas ciclovias no antigo bairro do porto",
        "authors": ["João Pereira"],
        "description": "Depois de três anos de debate, a cidade terá doze quilómetros de ciclovias protegidas.",
        "headings": ["Como o dinheiro será gasto"],
        "paragraphs": 4,
        "removed_kinds": {"comment_form", "captcha"},
    },
    {
        "language": "nl",
        "page": """Door Pieter van den Berg

Gemeenteraad keurt nieuwe fietspaden in de oude havenwijk goed

Na drie jaar discussie krijgt de stad twaalf kilometer beschermde fietspaden.

De gemeenteraad stemde dinsdagavond met negen tegen vier stemmen in met het netwerk, dat de havenwijk verbindt met het centraal station en de universiteit.

Voorstanders zeiden dat de fietspaden de wijk veiliger maken voor kinderen, terwijl winkeliers vrezen parkeerplaatsen te verliezen.

Hoe het geld wordt besteed

De eerste fase kost ongeveer vier miljoen euro en begint volgend voorjaar.

Een tweede fase hangt af van een subsidie uit het nationale vervoersfonds.

Laat een reactie achter

Je e-mailadres wordt niet gepubliceerd. Vereiste velden zijn gemarkeerd met *

Hoeveel is zes min twee?

Reactie plaatsen
""",
        "title": "Gemeenteraad keurt nieuwe fietspaden in de oude havenwijk goed",
        "authors": ["Pieter van den Berg"],
        "description": "Na drie jaar discussie krijgt de stad twaalf kilometer beschermde fietspaden.",
        "headings": ["Hoe het geld wordt besteed"],
        "paragraphs": 4,
        "removed_kinds": {"comment_form", "captcha"},
    },
]


@pytest.mark.parametrize("case", PAGES, ids=[case["language"] for case in PAGES])
def test_structure_and_boilerplate(case: dict[str, Any]) -> None:
    article = extract_text(case["page"])
    assert article.language == case["language"]
    assert article.title == case["title"]
    assert article.authors == case["authors"]
    assert article.description == case["description"]
    if "caption" in case:
        assert article.lead_image is not None and article.lead_image.caption == case["caption"]
    assert [b.text for b in article.body if b.type == "heading"] == case["headings"]
    # The standfirst is also the text's first paragraph.
    assert sum(b.type == "paragraph" for b in article.body) == case["paragraphs"] + 1
    assert article.body[0].text == case["description"]
    assert {r.kind for r in article.removed} == case["removed_kinds"]
    for removed in article.removed:
        assert removed.text not in article.text
    assert case["title"] not in article.text


SUMS_AND_CAPTCHA_TALK = """Why spam bots still fail at school arithmetic

Web forms often ask visitors a question such as « sept − trois = » before they may post a comment.

Researchers found that 2 + 2 = 4 is solved by every bot, but a question written in words, like seven minus three, stops many of them.

Il a calculé que sept moins trois = quatre, ce que le robot n'a pas su faire.

Some captcha plugins show "What is 3 + 4?" and leave an empty box for the answer, the study notes.

The authors recommend leaving a comment field open only to registered readers.
"""


def test_sums_and_captcha_talk_stay_in_the_body() -> None:
    article = extract_text(SUMS_AND_CAPTCHA_TALK)
    assert article.removed == []
    assert article.title == "Why spam bots still fail at school arithmetic"
    assert len(article.body) == 5
    for fragment in ("« sept − trois = »", "2 + 2 = 4", "sept moins trois = quatre", "What is 3 + 4?"):
        assert fragment in article.text


PLAIN = """The quiet return of the night train

Across Europe, sleeper services that were cut a decade ago are coming back.

Operators say demand has grown every year since 2019, especially among families.

Tickets for the summer season sold out within days of going on sale.
"""


def test_page_without_boilerplate_keeps_everything() -> None:
    article = extract_text(PLAIN)
    assert article.removed == []
    assert article.title == "The quiet return of the night train"
    # No byline or caption: nothing says the first paragraph is a standfirst, so it stays in the body.
    assert article.description is None
    assert [b.text for b in article.body] == PLAIN.strip().split("\n\n")[1:]


def test_lists_quotes_markdown_headings_and_code() -> None:
    page = (
        "# Release notes\n\nThe new version brings three changes that users asked for.\n\n"
        "## Changes\n\n- Faster start-up on large folders.\n- A progress bar on terminals.\n"
        "- Clearer error messages.\n\n> Upgrading is safe: nothing in the file format changed.\n\n"
        "    scrape extract pages/ -o out.jsonl\n"
    )
    article = extract_text(page)
    assert article.title == "Release notes"
    kinds = [(b.type, b.level) for b in article.body]
    assert kinds == [
        ("paragraph", None), ("heading", 2), ("list_item", None), ("list_item", None), ("list_item", None),
        ("quote", None), ("code", None),
    ]
    assert article.body[-1].text == "scrape extract pages/ -o out.jsonl"


def test_repeated_paragraphs_are_kept_once_and_recorded() -> None:
    page = "A first paragraph that says something.\n\nA second one, different.\n\nA first paragraph that says something."
    article = extract_text(page)
    assert [b.text for b in article.body] == ["A first paragraph that says something.", "A second one, different."]
    assert [(r.kind, r.text) for r in article.removed] == [("duplicate", "A first paragraph that says something.")]
