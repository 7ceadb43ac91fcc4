"""What an import did, file by file, and the summary the command prints."""

from collections import Counter
from dataclasses import dataclass, field


@dataclass
class Tally:
    """Rows touched by an import, as ids, so a row shared by files counts once."""

    created: set = field(default_factory=set)
    updated: set = field(default_factory=set)
    seen: set = field(default_factory=set)
    deleted: int = 0

    def note(self, pk, *, created=False, updated=False):
        self.seen.add(pk)
        if created:
            self.created.add(pk)
        elif updated:
            self.updated.add(pk)

    def merge(self, other: "Tally"):
        self.created |= other.created
        self.updated |= other.updated - self.created
        self.seen |= other.seen
        self.deleted += other.deleted

    def summary(self) -> str:
        updated = self.updated - self.created
        unchanged = len(self.seen - self.created - updated)
        text = f"{len(self.created)} created, {len(updated)} updated, {unchanged} unchanged"
        return text + (f", {self.deleted} deleted" if self.deleted else "")


def _tallies():
    return {name: Tally() for name in ("issues", "pages", "articles", "authors")}


@dataclass
class FileResult:
    name: str
    action: str = "unchanged"  # created | updated | unchanged | failed
    page: str = ""
    articles: int = 0
    flagged: int = 0  # articles with review reasons
    changes: Counter = field(default_factory=Counter)  # articles created/updated/deleted
    review: Counter = field(default_factory=Counter)
    conflicts: list[str] = field(default_factory=list)
    jumps_linked: int = 0  # 转版: articles linked to their rest on another page
    jumps_undone: int = 0  # links the import made that the pages no longer bear out
    error: str | None = None
    tallies: dict = field(default_factory=_tallies)
    seconds: Counter = field(default_factory=Counter)  # parse, keywords, preparing, total

    def fail(self, reason: str):
        self.action, self.error, self.articles, self.flagged = "failed", reason, 0, 0
        self.tallies, self.changes, self.review = _tallies(), Counter(), Counter()
        self.conflicts, self.jumps_linked, self.jumps_undone = [], 0, 0

    def lines(self) -> list[str]:
        if self.error:
            return [f"ERROR {self.name}: {self.error}"]
        changes = ", ".join(f"{n} {what}" for what, n in self.changes.items() if n)
        text = f"{self.name}: {self.action} — {self.page}, {self.articles} articles"
        text += f" ({changes})" if changes and self.action == "updated" else ""
        text += f", {self.flagged} flagged for review" if self.flagged else ""
        if self.jumps_linked:
            text += f", {self.jumps_linked} jump{'s' if self.jumps_linked > 1 else ''} linked"
        if self.jumps_undone:
            text += f", {self.jumps_undone} jump link{'s' if self.jumps_undone > 1 else ''} undone"
        text += f", {len(self.conflicts)} conflicts" if self.conflicts else ""
        return [text] + [f"    conflict: {c}" for c in self.conflicts]


@dataclass
class ImportReport:
    files: list[FileResult] = field(default_factory=list)
    tallies: dict = field(default_factory=_tallies)
    review: Counter = field(default_factory=Counter)
    dry_run: bool = False

    @property
    def failed(self) -> list[FileResult]:
        return [f for f in self.files if f.error]

    def add(self, result: FileResult):
        self.files.append(result)
        for name, tally in result.tallies.items():
            self.tallies[name].merge(tally)
        self.review += result.review

    def lines(self) -> list[str]:
        """A line per file (conflicts under it), then the summary."""
        lines = [line for result in self.files for line in result.lines()]
        actions = Counter(f.action for f in self.files)
        lines.append(
            f"{len(self.files)} files: "
            + ", ".join(f"{actions[a]} {a}" for a in ("created", "updated", "unchanged", "failed"))
        )
        lines += [f"  {name}: {tally.summary()}" for name, tally in self.tallies.items()]
        flags = "; ".join(f"{reason} ×{n}" for reason, n in self.review.most_common())
        lines.append(f"  review flags: {flags or 'none'}")
        if self.dry_run:
            lines.append("Dry run: nothing was written.")
        return lines
