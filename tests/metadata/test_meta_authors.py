"""clean_authors on byline shapes seen in the wild, in several languages."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cleaners.authors import clean_authors


@pytest.mark.parametrize(
    ("byline", "names"),
    [
        ("By Jane Doe", ["Jane Doe"]),
        ("BY JANE DOE and John Smith", ["JANE DOE", "John Smith"]),
        ("Jane Doe, John Roe and Ann Poe", ["Jane Doe", "John Roe", "Ann Poe"]),
        ("Par Sébastien Farcis", ["Sébastien Farcis"]),
        ("Texte : Jean Dupont", ["Jean Dupont"]),
        ("Martin Untersinger (avec Damien Leloup et Morgane Tual)", ["Martin Untersinger", "Damien Leloup", "Morgane Tual"]),
        ("Von Max Mustermann und Erika Musterfrau", ["Max Mustermann", "Erika Musterfrau"]),
        ("Von Anna Schmidt, 12. März 2021, 14:30 Uhr", ["Anna Schmidt"]),
        ("Autor: Hans Müller", ["Hans Müller"]),
        ("Por María García y José López", ["María García", "José López"]),
        ("Por Ana Pérez | 3 de mayo de 2021", ["Ana Pérez"]),
        ("Por María de la Cruz", ["María de la Cruz"]),
        ("di Giulia Rossi e Marco Bianchi", ["Giulia Rossi", "Marco Bianchi"]),
        ("Door Jan de Vries", ["Jan de Vries"]),
        ("Jane Doe, Staff Writer", ["Jane Doe"]),
        ("Jane Doe - Correspondent", ["Jane Doe"]),
        ("Jane Doe Senior Editor", ["Jane Doe"]),
        ("By Jane Doe | March 3, 2020", ["Jane Doe"]),
        ("By Jane Doe Updated 3:45 PM EST", ["Jane Doe"]),
        ("By GILLIAN MOHNEY March 11, 2015 3:46 PM", ["GILLIAN MOHNEY"]),
        ("Dan Goodin - 1/5/2015, 11:45 AM", ["Dan Goodin"]),
        ("by Lucas Nolan22 Dec 2016651", ["Lucas Nolan"]),
        ("Jane Doe (@janedoe)", ["Jane Doe"]),
        ("Hazel Sheffield @hazelsheffield", ["Hazel Sheffield"]),
        ("Jane Doe jane@example.com", ["Jane Doe"]),
        ("Bradley M. Kuhn (http://ebb.org/bkuhn/)", ["Bradley M. Kuhn"]),
        ("Written by Rob Ewaschuk Edited by Betsy Beyer", ["Rob Ewaschuk", "Betsy Beyer"]),
        ("Doe, Jane", ["Jane Doe"]),
        ("Jong, Michiel de", ["Michiel de Jong"]),
        ("Anne-Marie Dupont", ["Anne-Marie Dupont"]),
        ("Seán O'Brien", ["Seán O'Brien"]),
        ("Jan Mayen", ["Jan Mayen"]),
        ("田中太郎", ["田中太郎"]),
        ("Le Monde avec AFP", ["Le Monde", "AFP"]),
        ("Matthias Hille - Lukas Balbach", ["Matthias Hille", "Lukas Balbach"]),
        ("Eingestellt von Michel Weber", ["Michel Weber"]),
        ("J.R.R. Tolkien", ["J.R.R. Tolkien"]),
        ('<a href="/autor/jan">Jan Nowak</a>', ["Jan Nowak"]),
        ("AT&amp;T Staff", ["AT&T"]),
        ("Interview: Harald Willenbrock", ["Harald Willenbrock"]),
        ("Erstellt von Andri Bryner", ["Andri Bryner"]),
        ("Johanna Kropfitsch Alle Artikel", ["Johanna Kropfitsch"]),
        ("Richard David Precht im Gespräch", ["Richard David Precht"]),
        ("sarah sagt", ["sarah"]),
        ("Bo Lind am 12.03.2010", ["Bo Lind"]),
        ("Kristen Falc'hon Kristen Falc'hon", ["Kristen Falc'hon"]),
        ("HansEhrlich 6709 HansEhrlich", ["HansEhrlich"]),
        ("By Jane Roe, PhD", ["Jane Roe"]),
        ("Text: Anna Roth, Fotos: Ben Kurz", ["Anna Roth"]),
        ("Jane Roe 6 min read", ["Jane Roe"]),
        ("Authored by: Dr. Jane Roe", ["Dr. Jane Roe"]),
        ("Articles by Jane", ["Jane"]),
    ],
)
def test_bylines(byline: str, names: list[str]) -> None:
    assert clean_authors(byline) == names


@pytest.mark.parametrize(
    "junk",
    ["Email the author", "Follow Author", "https://www.facebook.com/janedoe", "Redaktion", "Rédaction",
     "April 28, 2019 at 6:01 am Updated April 29, 2019 at 3:33 pm", "12/05/2020", "", "  ", "By", "Par :", "example.co.uk",
     "Photo: Jane Doe", "Fotos: EL HERALDO", "Source: Reuters", "cipha[at]cipha.net", "a>", "red.",
     "Please enter your name here", "All rights reserved", "Sat", "Sun, 3 May 2024", "Senior Member", "Reputation"],
)
def test_not_names(junk: str) -> None:
    assert clean_authors(junk) == []


def test_list_input_keeps_order_and_drops_repeats() -> None:
    assert clean_authors(["Jane Doe", "jane doe", "By John Roe"]) == ["Jane Doe", "John Roe"]


@given(st.one_of(st.text(max_size=120), st.lists(st.text(max_size=40), max_size=5)))
def test_any_input_gives_clean_strings(raw: str | list[str]) -> None:
    names = clean_authors(raw)
    assert all(name == name.strip() and name for name in names)
    assert len({name.casefold() for name in names}) == len(names)
    assert not any(name.casefold().startswith("by ") for name in names)


def test_a_joiner_inside_one_name_does_not_split_it() -> None:
    from cleaners.authors import clean_authors

    assert clean_authors("Mac & i") == ["Mac & i"]
    assert clean_authors("John Smith & Jane Doe") == ["John Smith", "Jane Doe"]


def test_an_unclosed_bracket_is_cut() -> None:
    from cleaners.authors import clean_authors

    assert clean_authors("Steven Lin (stevenhgm") == ["Steven Lin"]
    assert clean_authors("Bruno (Henrique Zecchin) Rodrigues") == ["Bruno (Henrique Zecchin) Rodrigues"]
