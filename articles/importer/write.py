"""A page's articles: match them to what the last import wrote, create the new ones,
merge the changed ones three ways (database, last import, new parse), retire the
vanished ones."""

import datetime
from zoneinfo import ZoneInfo

from django.db import transaction
from django.utils import timezone

from articles import cache
from articles.importer import prepare
from articles.importer.report import FileResult
from articles.models import (
    Article,
    ArticleAuthor,
    ArticleKeyword,
    Author,
    Column,
    Keyword,
    Page,
    Photo,
    Series,
    Withdrawal,
)
from articles.parsing import ParsedArticle
from articles.search.index import reindex_articles

PUBLISH_TIME = datetime.time(6, 0, tzinfo=ZoneInfo("Asia/Shanghai"))
VANISHED = "源文件中已找不到此文（编辑改动过，未删除），请核对"
# The fields the importer owns, in the order conflicts are listed.
FIELDS = (
    "order", "overline", "headline", "subheadline", "kind", "column", "series", "installment",
    "dateline", "editor_note", "body", "review_reasons", "jump_to_page", "jump_from_page",
    "credits", "captions", "keywords",
)  # fmt: skip
SCALARS = FIELDS[:5] + FIELDS[7:14]


class _Lookups:
    """Columns, series, authors and keywords by name, fetched or created once per file."""

    def __init__(self, result: FileResult):
        self.result, self.columns, self.series_by_name, self.authors = result, {}, {}, {}
        self.keywords: dict[str, Keyword] = {}

    def column(self, name: str) -> Column | None:
        if name and name not in self.columns:
            self.columns[name] = Column.objects.get_or_create(name=name)[0]
        return self.columns.get(name)

    def series(self, name: str) -> Series | None:
        if name and name not in self.series_by_name:
            self.series_by_name[name] = Series.objects.get_or_create(name=name)[0]
        return self.series_by_name.get(name)

    def author(self, name: str) -> Author:
        if name not in self.authors:
            author, created = Author.objects.get_or_create_by_name(name)
            self.result.tallies["authors"].note(author.pk, created=created)
            self.authors[name] = author
        return self.authors[name]

    def load_keywords(self, names: set[str]):
        """Fetch or create every keyword of the page in two queries."""
        missing = names - self.keywords.keys()
        self.keywords |= {k.name: k for k in Keyword.objects.filter(name__in=missing)}
        new = [Keyword(name=name) for name in sorted(missing - self.keywords.keys())]
        Keyword.objects.bulk_create(new)
        if new and new[0].pk is None:  # a backend that does not return ids
            self.keywords |= {k.name: k for k in Keyword.objects.filter(name__in=missing)}
        else:
            self.keywords |= {k.name: k for k in new}


def import_articles(page: Page, prepared: prepare.PreparedPage, *, status, force, result):
    parsed, rows = prepared.parsed.articles, prepared.rows
    existing = [
        article
        for article in page.articles.select_related("column", "series").prefetch_related(
            "credits__author", "photos", "articlekeyword_set__keyword"
        )
        if article.import_snapshot
    ]
    matches, vanished = match_articles(existing, parsed)
    lookups = _Lookups(result)
    lookups.load_keywords({word for values in rows for word, _ in values["keywords"]})
    for values, article in zip(rows, matches, strict=True):
        if article is not None:
            changed = _merge(article, values, force=force, lookups=lookups, result=result)
            result.changes["updated"] += changed
            result.tallies["articles"].note(article.pk, updated=changed)
        result.flagged += bool(values["review_reasons"])
        result.review.update(values["review_reasons"])
    new = [values for values, article in zip(rows, matches, strict=True) if article is None]
    new = _not_withdrawn(page, new, force=force, result=result)
    for article in _create_articles(page, new, status=status, lookups=lookups):
        result.changes["created"] += 1
        result.tallies["articles"].note(article.pk, created=True)
    for article in vanished:
        _retire(article, force=force, result=result)
    authors = ArticleAuthor.objects.filter(article__page=page).values_list("author_id", flat=True)
    for author_id in authors:
        result.tallies["authors"].note(author_id)
    result.articles = len(parsed)


def _not_withdrawn(page: Page, rows: list[dict], *, force, result) -> list[dict]:
    """The new articles less those an editor deleted (撤稿), each listed as a conflict;
    ``force`` brings them back and forgets the withdrawal."""
    withdrawals = list(page.withdrawals.all())
    if not withdrawals:
        return rows
    kept = []
    for values in rows:
        withdrawal = _withdrawal_of(values, withdrawals)
        if withdrawal is None:
            kept.append(values)
            continue
        withdrawals.remove(withdrawal)
        if force:
            withdrawal.delete()
            kept.append(values)
            continue
        date = timezone.localdate(withdrawal.withdrawn_at)
        result.conflicts.append(
            f"«{values['headline'] or '（无标题）'}» stays deleted, as an editor deleted it "
            f"on {date} (--force, or deleting its 撤稿记录, brings it back)"
        )
    return kept


def _withdrawal_of(values: dict, withdrawals: list[Withdrawal]) -> Withdrawal | None:
    """The withdrawal that is this parsed article: the same imported headline, else
    mostly the same text."""
    headline = values["headline"]
    same = [w for w in withdrawals if headline and w.headline == headline]
    same = same or [
        w for w in withdrawals if similar_text((headline, values["body"]), (w.headline, w.body))
    ]
    return same[0] if same else None


def current_values(article: Article) -> dict:
    """What the database holds now, in the shape of ``article_values``."""
    values = {name: getattr(article, name) for name in SCALARS}
    values["column"] = article.column.name if article.column else ""
    values["series"] = article.series.name if article.series else ""
    credits = sorted(article.credits.all(), key=lambda credit: credit.order)
    values["credits"] = [[credit.author.name, credit.role] for credit in credits]
    photos = sorted(article.photos.all(), key=lambda photo: photo.order)
    values["captions"] = [[photo.caption, photo.credit] for photo in photos]
    pairs = [[k.keyword.name, k.weight] for k in article.articlekeyword_set.all()]
    values["keywords"] = sorted(pairs, key=lambda pair: (-pair[1], pair[0]))
    return values


def _snapshot(values: dict) -> dict:
    return {**values, "version": prepare.import_version()}


def _merge(article: Article, values: dict, *, force, lookups, result) -> bool:
    """Three-way merge of database, last import and new parse; True when written."""
    snapshot, current = dict(article.import_snapshot), current_values(article)
    changed = []
    for name in FIELDS:
        new, now = values[name], current[name]
        if now == new:
            snapshot[name] = new
        elif force or name not in snapshot or now == snapshot[name]:
            changed.append(name)
            snapshot[name] = new
        elif new != snapshot[name]:  # both the editor and the source changed it
            result.conflicts.append(_conflict(article, name, now, new))
    snapshot["version"] = prepare.import_version()
    if changed or snapshot != article.import_snapshot:
        _write(article, values, changed, snapshot=snapshot, lookups=lookups)
    return bool(changed)


def _conflict(article: Article, name: str, now, new) -> str:
    where = f"article {article.pk} «{article.display_headline}»"
    if isinstance(now, str) and len(now) <= 60 and len(new) <= 60:
        return f"{where}: {name} kept as edited, “{now}” (the file now says “{new}”)"
    return f"{where}: {name} kept as edited (the file changed it too)"


def _create_articles(page: Page, rows: list[dict], *, status, lookups) -> list[Article]:
    """New articles of a page with their credits, photos and keywords, in a few bulk
    inserts (an archive import creates thousands)."""
    published_at = datetime.datetime.combine(page.issue.date, PUBLISH_TIME)
    articles = [
        Article(
            page=page,
            status=status,
            published_at=published_at,
            column=lookups.column(values["column"]),
            series=lookups.series(values["series"]),
            import_snapshot=_snapshot(values),
            needs_review=bool(values["review_reasons"]),  # what Article.save() would set
            **{name: values[name] for name in SCALARS},
        )
        for values in rows
    ]
    Article.objects.bulk_create(articles)
    credits, photos, keywords = [], [], []
    for article, values in zip(articles, rows, strict=True):
        credits += [
            ArticleAuthor(article=article, author=lookups.author(name), role=role, order=i)
            for i, (name, role) in enumerate(values["credits"])
        ]
        photos += [
            Photo(article=article, caption=caption, credit=credit, order=i)
            for i, (caption, credit) in enumerate(values["captions"])
        ]
        keywords += [
            ArticleKeyword(article=article, keyword=lookups.keywords[word], weight=weight)
            for word, weight in values["keywords"]
        ]
    ArticleAuthor.objects.bulk_create(credits)
    Photo.objects.bulk_create(photos)
    ArticleKeyword.objects.bulk_create(keywords)
    if articles:  # bulk inserts send no signals: index the articles, refresh the reader
        reindex_articles([article.pk for article in articles])
        transaction.on_commit(cache.invalidate)
    return articles


def _write(article: Article, values: dict, fields, *, snapshot: dict, lookups: _Lookups):
    """Write ``fields`` of ``values`` to an existing article, and its snapshot."""
    for name in fields:
        if name in SCALARS:
            setattr(article, name, values[name])
    if "column" in fields:
        article.column = lookups.column(values["column"])
    if "series" in fields:
        article.series = lookups.series(values["series"])
    article.import_snapshot = snapshot
    article.save()
    if "credits" in fields:
        article.credits.all().delete()
        ArticleAuthor.objects.bulk_create(
            ArticleAuthor(article=article, author=lookups.author(name), role=role, order=i)
            for i, (name, role) in enumerate(values["credits"])
        )
    if "captions" in fields:
        _write_captions(article, values["captions"])
    if "keywords" in fields:
        ArticleKeyword.objects.filter(article=article).delete()
        ArticleKeyword.objects.bulk_create(
            ArticleKeyword(article=article, keyword=lookups.keywords[word], weight=weight)
            for word, weight in values["keywords"]
        )


def _write_captions(article: Article, captions: list):
    """Captions in place, so a picture an editor uploaded stays with its photo."""
    photos = sorted(article.photos.all(), key=lambda photo: photo.order)
    for order, (caption, credit) in enumerate(captions):
        if order < len(photos):
            photo = photos[order]
            photo.caption, photo.credit, photo.order = caption, credit, order
            photo.save(update_fields=["caption", "credit", "order"])
        else:
            Photo.objects.create(article=article, caption=caption, credit=credit, order=order)
    for photo in photos[len(captions) :]:
        if not photo.image:
            photo.delete()


def _retire(article: Article, *, force: bool, result: FileResult):
    """An imported article the file no longer has: deleted, unless editors worked on it."""
    snapshot, current = article.import_snapshot, current_values(article)
    edited = any(name in snapshot and current[name] != snapshot[name] for name in FIELDS)
    if force or not edited:
        article.retired_by_import = True  # not an editor's withdrawal
        article.delete()
        result.changes["deleted"] += 1
        result.tallies["articles"].deleted += 1
        return
    if VANISHED not in article.review_reasons:
        article.review_reasons = [*article.review_reasons, VANISHED]
        article.save()
    result.conflicts.append(
        f"article {article.pk} «{article.display_headline}» is no longer in the file, "
        "but was edited in the admin: kept and flagged for review"
    )


def match_articles(existing: list[Article], parsed: list[ParsedArticle]):
    """Pair each parsed article with the article it updates (or None: a new one).

    First by the headline the importer wrote (an editor's new headline does not
    break the pair), then by the text: a re-worded headline over the same body is
    the same article. Returns (matches in parsed order, unmatched existing articles).
    """
    remaining, matches = list(existing), [None] * len(parsed)
    for i, item in enumerate(parsed):
        same = [
            a
            for a in remaining
            if item.headline and a.import_snapshot.get("headline") == item.headline.strip()
        ]
        if same:
            matches[i] = min(same, key=lambda a: abs(a.import_snapshot.get("order", 0) - i - 1))
            remaining.remove(matches[i])
    for i, item in enumerate(parsed):
        if matches[i] is not None or not remaining:
            continue
        grams = _bigrams(item.headline, *(b.text for b in item.body))
        scored = [(_similarity(grams, _snapshot_bigrams(a)), a) for a in remaining]
        score, best = max(scored, key=lambda pair: pair[0])
        if score >= SAME_TEXT:
            matches[i] = best
            remaining.remove(best)
    return matches, remaining


# Share of character pairs two versions of one article have in common, at least.
SAME_TEXT = 0.5


def similar_text(a: tuple, b: tuple) -> bool:
    """Whether two (headline, body) pairs are versions of one article."""
    return _similarity(_bigrams(*a), _bigrams(*b)) >= SAME_TEXT


def _snapshot_bigrams(article: Article) -> set[str]:
    snapshot = article.import_snapshot
    return _bigrams(snapshot.get("headline"), snapshot.get("body"))


def _bigrams(*texts) -> set[str]:
    text = "".join("".join((t or "").split()) for t in texts)
    return {text[i : i + 2] for i in range(len(text) - 1)}


def _similarity(a: set, b: set) -> float:
    return len(a & b) / len(a | b) if a and b else 0.0
