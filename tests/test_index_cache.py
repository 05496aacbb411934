"""The client index saved between commands: same matching as a fresh build, never stale, never
code from the file."""

from __future__ import annotations

import os
import pickle
from pathlib import Path

import pytest

from campaign.matching import index_cache, run as matching_run
from campaign.matching.index import build_index
from campaign.synthetic import make_clients, write_csv
from tests.test_matching_store import CLIENTS, outcomes, run, seed


@pytest.fixture
def small_cache(monkeypatch):
    """Cache even a four-client file (the real threshold is 5,000 clients)."""
    monkeypatch.setattr(index_cache, "MIN_CLIENTS", 1)


def rows(count: int = 40) -> list[dict]:
    return [dict(code=c.code, name=c.name, legal_form=c.legal_form, siret=c.siret, emails=[c.email] if c.email else [],
                 city=c.city, phone=c.phone, address=c.address, postcode=c.postcode)
            for c in make_clients(count, seed=3)]


def test_saved_index_loads_back_equal(tmp_path, small_cache):
    index = build_index(rows(), ("cabinet-exemple.fr",))
    path = tmp_path / "cache" / "client-index.pickle"
    index_cache.save_index(path, ("k", 1), index)
    loaded = index_cache.load_index(path, ("k", 1))
    assert loaded is not None and loaded is not index
    assert loaded == index
    assert loaded.by_code == index.by_code and loaded.names[3] == index.names[3]


def test_other_key_or_damaged_file_is_not_used(tmp_path, small_cache):
    path = tmp_path / "cache" / "client-index.pickle"
    index_cache.save_index(path, ("import 1",), build_index(rows()))
    assert index_cache.load_index(path, ("import 2",)) is None
    path.write_bytes(path.read_bytes()[: len(path.read_bytes()) // 2])
    assert index_cache.load_index(path, ("import 1",)) is None
    assert index_cache.load_index(tmp_path / "absent.pickle", ("import 1",)) is None


def test_a_planted_file_cannot_run_code(tmp_path):
    marker = tmp_path / "ran"

    class Evil:
        def __reduce__(self):
            return (os.system, (f"touch {marker}",))

    path = tmp_path / "client-index.pickle"
    key = ("import 1",)
    with open(path, "wb") as handle:
        pickle.dump((key, index_cache.code_digest()), handle)
        pickle.dump(Evil(), handle)
    assert index_cache.load_index(path, key) is None
    assert not marker.exists()


def test_small_files_are_not_cached(tmp_path):
    path = tmp_path / "cache" / "client-index.pickle"
    index_cache.save_index(path, ("k",), build_index(rows(10)))
    assert not path.exists()


def test_next_command_loads_the_index_and_matches_the_same(campaign_dir, tmp_path, small_cache, monkeypatch):
    seed(campaign_dir, tmp_path)  # import (indexes the file), harvest, match
    cache = index_cache.cache_path(campaign_dir)
    assert cache.exists()
    built = outcomes(campaign_dir)
    builds = []
    real_build = matching_run.build_index
    monkeypatch.setattr(matching_run, "build_index", lambda *a, **k: builds.append(1) or real_build(*a, **k))
    assert run(campaign_dir, "match", "run").exit_code == 0
    assert builds == []
    assert outcomes(campaign_dir) == built


def test_a_new_import_builds_a_new_index(campaign_dir, tmp_path, small_cache, monkeypatch):
    seed(campaign_dir, tmp_path)
    before = index_cache.cache_path(campaign_dir).read_bytes()
    changed = list(CLIENTS)
    changed[1] = changed[1].__class__(**{**changed[1].__dict__, "email": "factures@dupont-sas.example"})
    write_csv(tmp_path / "clients2.csv", changed)
    assert run(campaign_dir, "clients", "import", str(tmp_path / "clients2.csv")).exit_code == 0
    after = index_cache.cache_path(campaign_dir).read_bytes()
    assert after != before
    index = index_cache.load_index(index_cache.cache_path(campaign_dir), _key_now(campaign_dir))
    assert index is not None and "factures@dupont-sas.example" in index.by_address


def test_unwritable_cache_only_costs_speed(campaign_dir, tmp_path, small_cache):
    (campaign_dir / "cache").write_text("a file where the cache folder would go")  # works as root and on Windows
    seed(campaign_dir, tmp_path)
    assert {o["status"] for o in outcomes(campaign_dir).values()} >= {"linked"}
    assert (campaign_dir / "cache").is_file()


def _key_now(campaign_dir: Path) -> tuple:
    from campaign.workspace import load_campaign
    campaign = load_campaign(campaign_dir)
    with campaign.open_store() as store:
        return matching_run.index_key(store, campaign.settings)


def test_what_people_taught_is_learned_incrementally_and_withdrawn_on_rejection(campaign_dir, tmp_path):
    """A review import records a verdict per row: the command's matcher learns each new link
    without reading every earlier decision again, and ends knowing what a fresh one would."""
    from campaign.workspace import load_campaign

    ids = seed(campaign_dir, tmp_path)
    campaign = load_campaign(campaign_dir)
    with campaign.open_store() as store:
        matchers = matching_run.MatcherCache()
        matchers.get(store, campaign.settings)

        def learned(cache):
            index = cache.get(store, campaign.settings).index
            return ({a: sorted(v) for a, v in index.learned.items() if v},
                    {d: sorted(v) for d, v in index.learned_domains.items() if v})

        for sender, code in (("p.durand@gmail.com", "C0001"), ("marie@petit-pain.example", "C0004")):
            matching_run.record_verdict(store, campaign.settings, ids[sender], code, "link", who="test",
                                        matchers=matchers)
        taught = learned(matchers)
        assert taught == learned(matching_run.MatcherCache()) and "p.durand@gmail.com" in taught[0]
        matching_run.record_verdict(store, campaign.settings, ids["p.durand@gmail.com"], "C0001", "reject", who="test",
                                    matchers=matchers)
        withdrawn = learned(matchers)
        assert withdrawn == learned(matching_run.MatcherCache()) and "p.durand@gmail.com" not in withdrawn[0]
