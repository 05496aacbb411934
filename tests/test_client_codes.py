"""One rule for client codes across the campaign: code_key, ClientCodes, and the lookups that use them."""

from __future__ import annotations

from campaign.clients.codes import ClientCodes, code_key
from campaign.clients.importer import import_client_file
from campaign.matching.index import build_index
from campaign.matching.matcher import Matcher
from campaign.matching.records import ReplyFacts
from campaign.matching.settings import MatchingSettings
from campaign.progress import collect_progress
from tests.test_progress import stamp

FIRM = ("cabinet-exemple.fr",)


def _twins(path, campaign, case_sensitive: bool):
    path.write_bytes("Code client;Raison sociale;Responsable\r\nX0001;GARAGE MARTIN;Claire\r\n"
                     "x0001;USURPATEUR;Léa\r\n".encode("cp1252"))
    with campaign.open_store() as store:
        import_client_file(store, path, case_sensitive=case_sensitive)


def test_client_codes_find_one_client_per_key(campaign, tmp_path) -> None:
    _twins(tmp_path / "c.csv", campaign, case_sensitive=True)      # a database holding case twins
    with campaign.open_store() as store:
        exact = ClientCodes.load(store, case_sensitive=True)
        folded = ClientCodes.load(store)
        assert (exact.find("x0001"), exact.find("X0001"), exact.find("X0002")) == ("x0001", "X0001", None)
        assert folded.find(" x0001 ") == folded.find("X0001") == "X0001"     # predictable: the smaller code
        store.conn.execute("UPDATE clients SET in_file = 0 WHERE code = 'X0001'")
        assert ClientCodes.load(store).find("X0001") == "x0001"              # the one still in the file wins
        assert ClientCodes.load(store, in_file_only=True).by_key == {"X0001": "x0001"}
    assert code_key("C0231") == code_key("c0231") != code_key("c0231", case_sensitive=True)


def _reply(matcher: Matcher, ref: str):
    facts = ReplyFacts(1, sender="x@gmail.com", references=[ref], subject=f"Adresse - {ref}", addresses=["x@gmail.com"],
                       auth={"dmarc": "pass"})
    return matcher.match([facts])[0]


def test_a_reference_quoted_in_another_case_names_the_client() -> None:
    clients = [dict(code="X0001", name="GARAGE MARTIN"), dict(code="C0002", name="DUPONT")]
    assert _reply(Matcher(build_index(clients, FIRM), MatchingSettings(), FIRM), "x0001").linked == ["X0001"]
    twins = clients + [dict(code="x0001", name="USURPATEUR")]
    exact = Matcher(build_index(twins, FIRM, case_sensitive_codes=True), MatchingSettings(), FIRM)
    assert _reply(exact, "x0001").linked == ["x0001"] and _reply(exact, "X0001").linked == ["X0001"]


def test_progress_counts_a_memo_for_the_spelling_it_was_stamped_for(campaign, tmp_path) -> None:
    _twins(tmp_path / "c.csv", campaign, case_sensitive=True)
    campaign.settings.sections["clients"] = {"case_sensitive_codes": True}
    with campaign.open_store() as store:
        stamp(store, ["x0001"], "2026-10-20T09:00:00+00:00")
        told = {row.manager: row.told for row in collect_progress(store, campaign.settings).managers}
        assert told == {"Claire": 0, "Léa": 1}
        campaign.settings.sections["clients"] = {}
        assert collect_progress(store, campaign.settings).stamped_unknown == 0
