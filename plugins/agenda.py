"""The sample newsletter's agenda: upcoming actions and meetings from an iCalendar (.ics) file.

    [sources.agenda]
    type = "ics"
    path = "sources/agenda.ics"   # relative to the workspace
    days = 30                     # events up to this many days after the issue's date
    language = "en"               # the dates' language; the newsletter's by default

    [sections.agenda]             # the events land here, in date order, and nothing else does

Each event is one item: its SUMMARY as the title, then its date, time and LOCATION written
in the issue's language, then its DESCRIPTION. Times with a time zone are shown in Brussels
time; floating times as written. A recurring event (RRULE, RDATE, EXDATE) is one item that
lists its dates in the window: the pipeline merges items whose texts are nearly the same,
so one item per occurrence would be folded into one anyway, showing a single date.

A rule is expanded only when the work is bounded: one whose expansion up to the end of the
window takes more than MAX_RULE_STEPS steps (FREQ=SECONDLY or MINUTELY, or a dense BY*
list, from a start long ago) is skipped with a warning, and an event lists at most
MAX_OCCURRENCES dates, with a warning past them.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterator, Mapping, Sequence
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from letterpress import hookimpl
from letterpress.models import Item, stable_id
from letterpress.options import OptionError, Options
from letterpress.scoring import Score, SectionType
from letterpress.source import Source, SourceContext

if TYPE_CHECKING:
    from icalendar import Calendar, Component

DEFAULT_DAYS = 30
# Ten years ahead: an agenda, not a calendar; and dates far past it leave the calendar.
MAX_DAYS = 3660
# The sample newsletter is made in Brussels: its readers read times on Brussels clocks.
TIMEZONE = "Europe/Brussels"
MAX_FILE_BYTES = 5_000_000
# Steps a recurrence rule may take to reach the end of the window: a weekly meeting since
# 1990 takes under 2,000; every minute of the 30-day window takes 43,200.
MAX_RULE_STEPS = 20_000
# Dates one event lists: a daily event over a long window; more is not an agenda entry.
MAX_OCCURRENCES = 60
# The shortest step of each FREQ: months of 28 days, years of 365, so the bound is an upper one.
RULE_STEP = {
    "SECONDLY": dt.timedelta(seconds=1),
    "MINUTELY": dt.timedelta(minutes=1),
    "HOURLY": dt.timedelta(hours=1),
    "DAILY": dt.timedelta(days=1),
    "WEEKLY": dt.timedelta(weeks=1),
    "MONTHLY": dt.timedelta(days=28),
    "YEARLY": dt.timedelta(days=365),
}
# The BY* parts that can multiply a rule's dates within one step.
RULE_LISTS = (
    "BYSECOND",
    "BYMINUTE",
    "BYHOUR",
    "BYDAY",
    "BYMONTHDAY",
    "BYYEARDAY",
    "BYWEEKNO",
    "BYMONTH",
)
DATE_FORMAT = "EEEE d MMMM y"  # Saturday 22 June 2024, zaterdag 22 juni 2024, samedi 22 juin 2024
DATE_FORMAT_NO_YEAR = "EEEE d MMMM"
TIME_FORMAT = "HH:mm"


@dataclasses.dataclass(frozen=True)
class Occurrence:
    """One time an event happens: its start on the newsletter's clock, and what it says."""

    start: dt.date | dt.datetime
    uid: str
    recurring: bool
    title: str
    location: str
    description: str
    url: str | None

    @property
    def day(self) -> dt.date:
        return self.start.date() if isinstance(self.start, dt.datetime) else self.start

    @property
    def time(self) -> dt.time | None:
        return self.start.time() if isinstance(self.start, dt.datetime) else None

    @property
    def sort_key(self) -> tuple[dt.date, dt.time, str]:
        return (self.day, self.time or dt.time.min, self.title)


class IcsSource(Source):
    """The events of an iCalendar file that start within ``days`` of the issue's date."""

    type_name = "ics"

    def __init__(self, name: str, options: Mapping[str, Any], context: SourceContext) -> None:
        super().__init__(name, options, context)
        opts = Options(options, {"path", "days", "language"})
        self.path = opts.get_str("path")
        if not self.path:
            raise OptionError("path", 'is required: the .ics file, such as "sources/agenda.ics"')
        days = opts.get_float("days", DEFAULT_DAYS)
        if not 0 <= days <= MAX_DAYS or not days.is_integer():
            raise OptionError(
                "days", f"must be a whole number of days from 0 to {MAX_DAYS}, not {days:g}"
            )
        self.days = int(days)
        self.language = opts.get_str("language", context.language)
        if "language" in options and not _is_locale(self.language):
            raise OptionError("language", f"{self.language!r} is not a language Babel knows")

    def collect(self) -> Iterator[Item]:
        # Imported here: a workspace that loads the plugin but compiles no agenda pays nothing.
        import icalendar
        import recurring_ical_events  # type: ignore[import-untyped]  # no type hints shipped

        path = self.context.root / self.path
        where = self.context.relative(path)
        try:
            if path.stat().st_size > MAX_FILE_BYTES:
                self.context.warn(f"{where}: skipped, larger than {MAX_FILE_BYTES:,} bytes")
                return
            data = path.read_bytes()
        except OSError as error:
            reason = error.strerror or str(error)
            self.context.warn(f"{where}: cannot be read ({reason}); no agenda this issue")
            return
        try:
            calendar = icalendar.Calendar.from_ical(data)
            if calendar.name != "VCALENDAR":
                raise ValueError(f"its first component is {calendar.name}, not VCALENDAR")
        except Exception as error:  # icalendar raises more than one kind; say which
            self.context.warn(
                f"{where}: not a readable iCalendar file ({_reason(error)}); no agenda this issue"
            )
            return
        first = self.context.issue_date or dt.date.today()
        last = first + dt.timedelta(days=self.days)
        occurrences: list[Occurrence] = []
        # One event at a time, so an event with a broken date or rule loses only itself.
        for label, calendar_of_one in _calendar_per_event(calendar):
            if any(c.get("DTSTART") is None for c in calendar_of_one.walk("VEVENT")):
                self.context.warn(f"{where}: event {label} has no DTSTART; skipped")
                continue
            try:
                steps = max(_rule_steps(c, last) for c in calendar_of_one.walk("VEVENT"))
                if steps > MAX_RULE_STEPS:
                    self.context.warn(
                        f"{where}: event {label} repeats too often to list (its RRULE takes "
                        f"about {steps:,} steps to reach {last}, more than {MAX_RULE_STEPS:,}); "
                        "skipped"
                    )
                    continue
                # A day either side: the window is in Brussels days, the file's in any zone.
                found = recurring_ical_events.of(calendar_of_one).between(
                    first - dt.timedelta(days=1), last + dt.timedelta(days=2)
                )
                of_event = [o for c in found if (o := self.occurrence(where, c))]
            except Exception as error:
                self.context.warn(
                    f"{where}: event {label} cannot be read ({_reason(error)}); skipped"
                )
                continue
            in_window = sorted(
                (o for o in of_event if first <= o.day <= last), key=lambda o: o.sort_key
            )
            if len(in_window) > MAX_OCCURRENCES:
                self.context.warn(
                    f"{where}: event {label} happens {len(in_window):,} times by {last}; "
                    f"only the first {MAX_OCCURRENCES} are listed"
                )
                in_window = in_window[:MAX_OCCURRENCES]
            occurrences.extend(in_window)
        events: dict[tuple[str, str, str, str, str | None], list[Occurrence]] = {}
        for occurrence in sorted(occurrences, key=lambda o: o.sort_key):
            key = (
                occurrence.uid,
                occurrence.title,
                occurrence.location,
                occurrence.description,
                occurrence.url,
            )
            events.setdefault(key, []).append(occurrence)
        for dates in events.values():
            yield self.item(where, dates)

    def occurrence(self, where: str, event: Component) -> Occurrence | None:
        """The event as the newsletter shows it; None, with a warning, if it cannot be shown."""
        uid = _text(event.get("UID"))
        title = _text(event.get("SUMMARY"))
        start = event.get("DTSTART")
        if not title or start is None:
            missing = "SUMMARY" if not title else "DTSTART"
            self.context.warn(f"{where}: event {uid or '(no UID)'} has no {missing}; skipped")
            return None
        value = start.dt
        if isinstance(value, dt.datetime) and value.tzinfo is not None:
            value = value.astimezone(ZoneInfo(TIMEZONE))
        url = _text(event.get("URL"))
        return Occurrence(
            start=value,
            uid=uid,
            recurring=event.get("RECURRENCE-ID") is not None,
            title=title,
            location=_text(event.get("LOCATION")),
            description=str(event.get("DESCRIPTION") or "").strip(),
            url=url if urlsplit(url).scheme in ("http", "https") else None,
        )

    def item(self, where: str, dates: Sequence[Occurrence]) -> Item:
        event = dates[0]
        when = _when(dates, self.language)
        summary = f"{when} · {event.location}" if event.location else when
        if event.description:
            summary += "\n\n" + event.description.replace("\r\n", "\n")
        # The first date in the window joins a recurring event's UID: the next issue's
        # listing of the same weekly meeting is a new item, not one already published.
        parts: tuple[str, ...] = (
            (event.uid, event.day.isoformat()) if event.recurring else (event.uid,)
        )
        if not event.uid:
            parts = (where, event.title, event.day.isoformat())
        return Item(
            id=stable_id(*parts),
            title=event.title,
            summary=summary,
            source=self.name,
            url=event.url,
            published=None,  # a coming event: the issue's window of past dates is not for it
            language=self.language,
            section="agenda",
            # Listed again in each issue until it has happened, not only in the first.
            listing=True,
            event_start=event.start,
            origin=f"{where}, event {event.uid or event.title}",
            placement=f"{self.type_name} source {self.name!r}: an event from {where}",
        )


class AgendaSection(SectionType):
    """The section the ics source's events go to: it claims nothing by its words."""

    type_name = "agenda"
    default_title = "Agenda"

    def __init__(self, name: str, options: Mapping[str, Any]) -> None:
        super().__init__(name, options)
        self.title = Options(options, {"title"}).get_str("title", self.title)

    def score(self, item: Item) -> Score:
        return Score(0.0)


def _rule_steps(event: Component, last: dt.date) -> int:
    """An upper bound of the steps expanding the event's RRULE up to ``last`` takes."""
    rules = event.get("RRULE")
    if rules is None:
        return 1
    start = event.get("DTSTART").dt
    start_day = start.date() if isinstance(start, dt.datetime) else start
    steps = 0
    for rule in rules if isinstance(rules, list) else [rules]:
        end = last
        until = (rule.get("UNTIL") or [None])[0]
        if isinstance(until, dt.date):
            end = min(end, until.date() if isinstance(until, dt.datetime) else until)
        step = RULE_STEP.get(str((rule.get("FREQ") or ["DAILY"])[0]).upper(), RULE_STEP["SECONDLY"])
        interval = max(1, int((rule.get("INTERVAL") or [1])[0]))
        periods = max(0, (end - start_day) // (step * interval)) + 2
        per_period = 1
        for name in RULE_LISTS:
            per_period *= max(1, len(rule.get(name) or []))
        count = (rule.get("COUNT") or [None])[0]
        if count is not None:
            periods = min(periods, int(count))
        steps += periods * per_period
    return steps


def _when(dates: Sequence[Occurrence], language: str) -> str:
    """'Saturday 22 June 2024, 14:00', or a list of dates for a recurring event, in ``language``."""
    from babel.dates import format_date, format_time
    from babel.lists import format_list

    locale = language.replace("-", "_") if _is_locale(language) else "en"
    times = {o.time for o in dates}
    if len(times) > 1:  # the dates do not share one time: each says its own
        return format_list(
            [
                format_date(o.day, DATE_FORMAT, locale=locale)
                + (" " + format_time(o.time, TIME_FORMAT, locale=locale) if o.time else "")
                for o in dates
            ],
            locale=locale,
        )
    same_year = len({o.day.year for o in dates}) == 1
    days = [
        format_date(
            o.day,
            DATE_FORMAT if n == len(dates) - 1 or not same_year else DATE_FORMAT_NO_YEAR,
            locale=locale,
        )
        for n, o in enumerate(dates)
    ]
    time = dates[0].time
    text = format_list(days, locale=locale)
    return f"{text}, {format_time(time, TIME_FORMAT, locale=locale)}" if time else text


def _is_locale(language: str) -> bool:
    from babel import Locale, UnknownLocaleError

    try:
        Locale.parse(language.replace("-", "_"))
    except (UnknownLocaleError, ValueError):
        return False
    return True


def _calendar_per_event(calendar: Calendar) -> Iterator[tuple[str, Calendar]]:
    """Each event (with its recurrence overrides, which share its UID) in a calendar of its own."""
    from icalendar import Calendar

    others = [c for c in calendar.subcomponents if c.name != "VEVENT"]  # time zones
    events: dict[str, list[Component]] = {}
    for n, component in enumerate(calendar.walk("VEVENT"), start=1):
        label = _text(component.get("UID")) or _text(component.get("SUMMARY")) or f"number {n}"
        events.setdefault(label, []).append(component)
    for label, components in events.items():
        one = Calendar(calendar)  # the calendar's own properties, such as X-WR-TIMEZONE
        one.subcomponents = [*others, *components]
        yield label, one


def _reason(error: Exception) -> str:
    return f"{type(error).__name__}: {' '.join(str(error).split())[:120]}"


def _text(value: object) -> str:
    return " ".join(str(value).split()) if value is not None else ""


@hookimpl
def register_source_types() -> list[type[Source]]:
    return [IcsSource]


@hookimpl
def register_section_types() -> list[type[SectionType]]:
    return [AgendaSection]
