"""往期回顾: back issues by month, as an accessible calendar."""

import calendar
import datetime

from django.core.exceptions import BadRequest
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET

from articles import cache

WEEKDAY_NAMES = "一二三四五六日"


@require_GET
def archive(request):
    """The back-issue calendar; the year/month form lands here and is redirected."""
    issues = cache.issue_index()
    if "year" in request.GET or "month" in request.GET:
        year, month = _int_param(request, "year"), _int_param(request, "month")
        if not 1 <= month <= 12 or not 1 <= year <= 9999:
            raise BadRequest("年月不正确")
        return redirect("articles:archive_month", year=year, month=month)
    if not issues:
        return render(request, "articles/empty.html", {"nav_section": "archive"})
    latest = issues[0].date
    return _render_month(request, issues, latest.year, latest.month)


@require_GET
def archive_month(request, year, month):
    issues = cache.issue_index()
    years = {entry.date.year for entry in issues}
    if not 1 <= month <= 12 or year not in years:
        raise Http404("这个月份没有报纸")
    return _render_month(request, issues, year, month)


def _int_param(request, name):
    try:
        return int(request.GET.get(name, ""))
    except ValueError:
        raise BadRequest(f"参数 {name} 应为数字") from None


def _render_month(request, issues, year, month):
    by_date = {entry.date: entry for entry in issues}
    first = datetime.date(year, month, 1)
    days_in_month = calendar.monthrange(year, month)[1]
    days = []
    for day in range(1, days_in_month + 1):
        date = first.replace(day=day)
        days.append({"date": date, "issue": by_date.get(date), "offset": date.weekday()})
    months_with_issues = sorted({(e.date.year, e.date.month) for e in issues})
    earlier = [m for m in months_with_issues if m < (year, month)]
    later = [m for m in months_with_issues if m > (year, month)]
    context = {
        "nav_section": "archive",
        "month": first,
        "days": days,
        "weekday_names": WEEKDAY_NAMES,
        "month_issue_count": sum(1 for d in days if d["issue"]),
        "previous_month": _month(earlier[-1]) if earlier else None,
        "next_month": _month(later[0]) if later else None,
        "years": _years(issues),
        "month_numbers": range(1, 13),
        "canonical_path": reverse("articles:archive_month", kwargs={"year": year, "month": month}),
    }
    return render(request, "articles/archive.html", context)


def _month(year_month):
    return datetime.date(year_month[0], year_month[1], 1)


def _years(issues):
    counts = {}
    for entry in issues:
        key = (entry.date.year, entry.date.month)
        counts[key] = counts.get(key, 0) + 1
    years = sorted({year for year, _ in counts}, reverse=True)
    return [
        {"year": y, "months": [{"month": m, "count": counts.get((y, m), 0)} for m in range(1, 13)]}
        for y in years
    ]
