"""The campaign's steps chained as the commands run them: harvest → understand → match, import the
client file → match again, reprocess. The CLI and the demo call these; each builds the command's
one Context (settings, database, and what the steps derive from them) and hands it down.
"""

from __future__ import annotations

from pathlib import Path
from typing import Callable, Sequence

from campaign.clients.importer import ImportReport, import_client_file
from campaign.clients.codes import case_sensitive
from campaign.context import Context
from campaign.mail.harvest import HarvestReport, harvest_files, harvest_imap
from campaign.mail.imap_settings import parse_imap_settings
from campaign.mail.pipeline import PipelineReport, reprocess
from campaign.matching.run import MatchReport, rematch_after_import
from campaign.store import Store
from campaign.ticks import OnProgress, no_progress
from campaign.workspace import Campaign


def harvest(campaign: Campaign, store: Store, *, source: Path | None = None, folders: Sequence[str] = (),
            ca_file: str | None = None, on_progress: OnProgress = no_progress) -> HarvestReport:
    """New messages from ``source`` (a folder of .eml/.msg files or an .mbox) or the [imap] mailbox
    (its ``folders`` instead of the configured ones), stored once, then understood and matched."""
    context = Context(store, campaign.settings)
    if source is not None:
        return harvest_files(store, source, on_progress=on_progress, context=context)
    imap = parse_imap_settings(campaign.settings.section("imap"), campaign.settings.path)
    if folders:
        imap.folders = list(folders)
    return harvest_imap(store, imap, ca_file=ca_file, on_progress=on_progress, context=context)


def import_clients(campaign: Campaign, store: Store, path: Path, *, overrides: dict[str, str] | None = None,
                   sheet: str | None = None, encoding: str | None = None, separator: str | None = None,
                   dry_run: bool = False, on_imported: Callable[[ImportReport], None] = lambda report: None,
                   on_progress: OnProgress = no_progress) -> tuple[ImportReport, MatchReport | None]:
    """Import the client file, then match every reply again against it (None: no reply yet, or a
    dry run); ``on_imported`` hears the import's report before the matching starts."""
    report = import_client_file(store, path, overrides=overrides, sheet=sheet, encoding=encoding,
                                separator=separator, dry_run=dry_run, case_sensitive=case_sensitive(campaign.settings))
    on_imported(report)
    if dry_run:
        return report, None
    return report, rematch_after_import(store, campaign.settings, on_progress)


def reprocess_messages(campaign: Campaign, store: Store, *, only: str | None = None, force: bool = False,
                       state: str | None = None, on_progress: OnProgress = no_progress) -> PipelineReport:
    """Run the pipeline's stages again over stored messages (see campaign.mail.pipeline.reprocess)."""
    return reprocess(Context(store, campaign.settings), only=only, force=force, state=state, on_progress=on_progress)
