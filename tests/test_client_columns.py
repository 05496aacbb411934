"""Header recognition: French and English names, overrides, header row search."""

from __future__ import annotations

import pytest

from campaign.clients.columns import map_columns, normalise_header, parse_overrides
from campaign.errors import InputRefused, UsageError


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("N° SIRET", "n siret"),
        ("Nº client", "n client"),
        ("E-mail", "e mail"),
        ("  Téléphone ", "telephone"),
        ("DÉNOMINATION", "denomination"),
        ("Adresse e-mail", "adresse e mail"),
    ],
)
def test_normalise_header(header: str, expected: str) -> None:
    assert normalise_header(header) == expected


def _map(headers: list[str], overrides: dict[str, str] | None = None):
    return map_columns([(1, headers), (2, ["x"] * len(headers))], overrides or {}, source="f.csv")


def test_french_headers() -> None:
    headers = ["N° client", "Dénomination", "Forme juridique", "N° SIRET", "Adresse", "CP", "Ville",
               "Tél", "Courriel", "Chef de mission", "E-mail responsable"]
    fields = _map(headers).fields
    assert {name: headers[i] for name, i in fields.items()} == {
        "code": "N° client", "name": "Dénomination", "legal_form": "Forme juridique", "siret": "N° SIRET",
        "address": "Adresse", "postcode": "CP", "city": "Ville", "phone": "Tél", "email": "Courriel",
        "manager": "Chef de mission", "manager_email": "E-mail responsable",
    }


def test_english_headers_any_case() -> None:
    headers = ["CLIENT CODE", "company name", "Email address", "Engagement Manager", "Zip code"]
    fields = _map(headers).fields
    assert fields == {"code": 0, "name": 1, "email": 2, "manager": 3, "postcode": 4}


def test_most_specific_header_wins_and_other_is_reported() -> None:
    columns = _map(["Code", "Code client", "Nom", "Raison sociale"])
    assert columns.fields["code"] == 1
    assert columns.fields["name"] == 3
    assert columns.unmapped == ["Code", "Nom"]
    assert any('column "Nom" not used' in note and '--map name="Nom"' in note for note in columns.notes)


def test_override_takes_a_column_from_another_field() -> None:
    columns = _map(["Réf.", "Client", "Mail"], {"code": "Réf.", "name": "client"})
    assert columns.fields == {"code": 0, "name": 1, "email": 2}


def test_override_errors_are_one_line_and_name_the_columns() -> None:
    with pytest.raises(UsageError, match='--map code="Numéro": no such column; columns are: "Réf.", "Client"'):
        _map(["Réf.", "Client"], {"code": "Numéro"})
    with pytest.raises(UsageError, match="unknown field 'colour'"):
        parse_overrides(["colour=Nom"])
    with pytest.raises(UsageError, match="write it as field=Column"):
        parse_overrides(["code"])
    assert parse_overrides(["manager-email=Mail resp."]) == {"manager_email": "Mail resp."}


def test_missing_required_column_is_refused_with_the_columns_found() -> None:
    with pytest.raises(InputRefused, match=r'no client code column among "Nom", "Ville"; name it with --map'):
        _map(["Nom", "Ville"])


def test_header_row_found_below_a_title() -> None:
    rows = [(1, ["Export clients du 28/11/2026", "", ""]), (2, ["", "", ""]),
            (3, ["Code client", "Nom", "Ville"]), (4, ["C1", "A", "B"])]
    columns = map_columns(rows, {}, source="f.csv")
    assert columns.header_row == 3
    assert columns.fields == {"code": 0, "name": 1, "city": 2}
