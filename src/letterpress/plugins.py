"""Loading plugins: the built-ins, then installed packages, then the workspace's plugins/*.py.

Load order decides who wins: a later plugin that registers a type of the same name replaces
the earlier one, so a workspace's own file can replace a built-in.
"""

from __future__ import annotations

import importlib
import importlib.util
import os
import sys
import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING, Any, TypeVar

import pluggy

from letterpress import hookspecs
from letterpress.errors import ConfigError, PluginError, shown

if TYPE_CHECKING:
    from importlib.metadata import EntryPoint

BUILTIN_PLUGINS = (
    "letterpress.builtins.text_source",
    "letterpress.builtins.feed_source",
    "letterpress.builtins.keyword_section",
    "letterpress.builtins.health",
    "letterpress.builtins.palestine",
    "letterpress.builtins.labour",
    "letterpress.builtins.elections",
    "letterpress.builtins.outputs",
    "letterpress.builtins.message",
    "letterpress.builtins.web",
)
ENTRY_POINT_GROUP = "letterpress"
# Names of the installed and local plugins a run loads, comma-separated; unset: all of them.
# Built-ins always load. LETTERPRESS_LOAD_PLUGINS="" loads none besides the built-ins.
LOAD_PLUGINS_VARIABLE = "LETTERPRESS_LOAD_PLUGINS"
# Load order, which decides who wins when two plugins register a type of the same name.
LOAD_ORDER = ("built-in", "package", "local", "test")
_KIND_PLURAL = {
    "built-in": "built-in plugins",
    "package": "installed packages",
    "local": "the workspace's plugins/ files",
    "test": "plugins a test registers",
}
# Plugins registered for a while by letterpress.testing.registered(), loaded last.
temporary_plugins: list[tuple[object, str]] = []

T = TypeVar("T")


@dataclass(frozen=True)
class PluginOrigin:
    """Where a plugin came from, for listings and error messages."""

    name: str
    kind: str  # "built-in", "package" or "local"
    file: str
    version: str | None = None

    def describe(self) -> str:
        if self.file == self.name:
            return shown(self.name)
        return f"plugin {shown(self.name)} ({shown(self.file)})"


@dataclass(frozen=True)
class Shadowed:
    """Two plugins registered a type of the same name: the later one is used."""

    kind: str  # "source type", "section type" or "renderer"
    name: str
    winner: PluginOrigin
    loser: PluginOrigin

    def why(self) -> str:
        if self.winner.kind != self.loser.kind:
            return f"{_KIND_PLURAL[self.winner.kind]} load after {_KIND_PLURAL[self.loser.kind]}"
        return f"both are {_KIND_PLURAL[self.winner.kind]}, and {self.winner.name} loads later"

    def describe(self) -> str:
        return (
            f"{self.kind} {self.name!r} is registered by both {self.loser.describe()} and "
            f"{self.winner.describe()}; {self.winner.name} wins ({self.why()})"
        )


_TYPE_KINDS = {
    "register_source_types": "source type",
    "register_section_types": "section type",
    "register_renderers": "renderer",
}


class PluginHost:
    """The plugin manager and what letterpress knows about each plugin it holds."""

    def __init__(self) -> None:
        self.manager = pluggy.PluginManager("letterpress")
        self.manager.add_hookspecs(hookspecs)
        self.origins: dict[str, PluginOrigin] = {}
        # Set by --trace-plugins: told of every hook call, with its time and result.
        self.trace: Callable[[str], None] | None = None
        # Types registered twice, by (kind, name): filled as the register_* hooks are read.
        self.shadowed: dict[tuple[str, str], Shadowed] = {}
        # Likely mistakes that are not errors, found while loading: a run warns of each.
        self.notes: list[str] = []

    @property
    def hook(self) -> Any:
        return self.manager.hook

    def register(self, plugin: object, origin: PluginOrigin) -> None:
        try:
            self.manager.register(plugin, name=origin.name)
        except pluggy.PluginValidationError as error:
            raise PluginError(f"{origin.describe()}: {_contract_message(error)}") from error
        except ValueError as error:  # pluggy: already registered under this name
            raise PluginError(f"{origin.describe()}: {error}") from error
        self.origins[origin.name] = origin
        self._check(origin)
        self.notes += _unmarked_hooks(plugin, origin)

    def unregister(self, name: str) -> None:
        self.manager.unregister(name=name)
        self.origins.pop(name, None)

    def _check(self, origin: PluginOrigin) -> None:
        """Refuse a function marked @hookimpl whose name is not a hook: most likely misspelt."""
        for hook_caller in self.manager.get_hookcallers(self.manager.get_plugin(origin.name)) or []:
            if hook_caller.spec is None:
                known = ", ".join(sorted(n for n in dir(hookspecs) if _is_spec(n)))
                self.manager.unregister(name=origin.name)
                self.origins.pop(origin.name, None)
                raise PluginError(
                    f"{origin.describe()}: {hook_caller.name} is not a letterpress hook "
                    f"(hooks: {known})"
                )

    def call_each(
        self,
        hook_name: str,
        *,
        isolate: Callable[[str], None] | None = None,
        checkpoint: Callable[[], Callable[[], None]] | None = None,
        **kwargs: Any,
    ) -> list[tuple[PluginOrigin, Any]]:
        """Call every implementation of a hook, oldest plugin first, naming any that raises.

        With ``isolate``, a plugin that raises is reported through it and left out, and the
        others still run; without, its error stops the run. For a hook that changes what it
        is given in place, ``checkpoint`` is called before each plugin and returns what undoes
        that plugin's changes: called when it raises, so "left out" means all of it.
        """
        results = []
        for impl in getattr(self.manager.hook, hook_name).get_hookimpls():
            origin = self.origin_of(impl.plugin_name)
            started = time.perf_counter()
            undo = checkpoint() if checkpoint else None
            try:
                result = impl.function(*(kwargs[name] for name in impl.argnames))
            except Exception as error:
                if undo is not None:
                    undo()
                from letterpress.plugin_failure import failed_at

                at = failed_at(error, impl.function)
                message = (
                    f"{origin.describe()}: {hook_name} raised {type(error).__name__}: {error}{at}"
                )
                if self.trace:
                    self.trace(f"{hook_name}: {origin.name} raised {type(error).__name__}")
                if isolate is None:
                    raise PluginError(message) from error
                isolate(f"{message}; its contribution is left out")
                continue
            if self.trace:
                took = (time.perf_counter() - started) * 1000
                self.trace(f"{hook_name}: {origin.name} {took:.2f} ms -> {_short_repr(result)}")
            results.append((origin, result))
        return results

    def origin_of(self, plugin_name: str) -> PluginOrigin:
        return self.origins.get(plugin_name) or PluginOrigin(plugin_name, "local", plugin_name)

    def configure(self, tables: Mapping[str, Any], config_path: Path) -> None:
        """Give each plugin its own [plugins.NAME] table, through its `configure` hook."""
        from letterpress.config import PluginConfig
        from letterpress.options import OptionError

        unknown = set(tables) - set(self.origins)
        if unknown:
            name = sorted(unknown)[0]
            raise ConfigError(
                config_path,
                f"no plugin named {name!r} is loaded (plugins: {', '.join(self.origins)})",
                key=f"plugins.{name}",
            )
        for impl in self.manager.hook.configure.get_hookimpls():
            table = tables.get(impl.plugin_name, {})
            if not isinstance(table, Mapping):
                raise ConfigError(config_path, "must be a table", key=f"plugins.{impl.plugin_name}")
            config = PluginConfig(impl.plugin_name, dict(table), config_path)
            started = time.perf_counter()
            try:
                impl.function(*({"config": config}[name] for name in impl.argnames))
            except ConfigError:
                raise
            except OptionError as error:  # a get_* of config.options() refused a value
                raise config.error(error.key, str(error)) from error
            except Exception as error:
                origin = self.origin_of(impl.plugin_name)
                raise PluginError(
                    f"{origin.describe()}: configure raised {type(error).__name__}: {error}"
                ) from error
            if self.trace:
                took = (time.perf_counter() - started) * 1000
                self.trace(f"configure: {impl.plugin_name} {took:.2f} ms")

    def type_classes(
        self, hook_name: str, base: type[T]
    ) -> list[tuple[PluginOrigin, list[type[T]]]]:
        """What each plugin's register_* hook returned, checked to be a list of ``base``
        subclasses; a PluginError naming the plugin and the hook otherwise."""
        checked = []
        for origin, returned in self.call_each(hook_name):
            contract = (
                f"{origin.describe()}: {hook_name} must return a list of {base.__name__} subclasses"
            )
            if returned is None:
                returned = []
            if isinstance(returned, type):
                raise PluginError(
                    f"{contract}, not the class {returned.__name__} itself "
                    f"(return [{returned.__name__}])"
                )
            if not isinstance(returned, Iterable) or isinstance(returned, str | bytes | Mapping):
                raise PluginError(f"{contract}, not {type(returned).__name__} {returned!r}")
            classes = list(returned)
            for cls in classes:
                if not (isinstance(cls, type) and issubclass(cls, base)):
                    raise PluginError(f"{contract}, not {cls!r}")
            checked.append((origin, classes))
        return checked

    def registered_types(
        self, hook_name: str, base: type[T], warn: Callable[[str], None] | None = None
    ) -> dict[str, tuple[type[T], PluginOrigin]]:
        """The classes plugins register through a register_* hook, by their type_name.

        A later plugin's class replaces an earlier one's of the same name; ``warn`` is told
        when neither is a built-in, since then one author's type silently loses.
        """
        found: dict[str, tuple[type[T], PluginOrigin]] = {}
        for origin, classes in self.type_classes(hook_name, base):
            for cls in classes:
                name = getattr(cls, "type_name", None) or getattr(cls, "name", None)
                if not isinstance(name, str) or not name:
                    raise PluginError(
                        f"{origin.describe()}: {cls.__name__} needs a type_name, such as "
                        f'type_name = "{cls.__name__.lower()}"'
                    )
                if name in found and found[name][1].name != origin.name:
                    kind = _TYPE_KINDS.get(hook_name, "type")
                    clash = Shadowed(kind, name, origin, found[name][1])
                    if (
                        (kind, name) not in self.shadowed
                        and warn
                        and clash.loser.kind != "built-in"
                    ):
                        warn(clash.describe())
                    self.shadowed[(kind, name)] = clash
                found[name] = (cls, origin)
        return found


def instantiate(
    table_name: str,
    name: str,
    table: Mapping[str, Any],
    types: Mapping[str, tuple[type[T], PluginOrigin]],
    config_path: Path,
    args: tuple[Any, ...],
    hint: str = "",
) -> tuple[T, PluginOrigin]:
    """``cls(*args)`` for the type a [<table_name>.<name>] table asks for; errors name the key."""
    from letterpress.options import OptionError

    type_name = table.get("type", name)
    if type_name not in types:
        import difflib

        kind = table_name.removesuffix("s")
        close = difflib.get_close_matches(str(type_name), sorted(types), n=1)
        guess = f"; did you mean {close[0]!r}?" if close else ""
        raise ConfigError(
            config_path,
            f"unknown {kind} type {type_name!r}{guess} (known: {', '.join(sorted(types))}{hint})"
            + _no_entry_point_hint(),
            key=f"{table_name}.{name}" + (".type" if "type" in table else ""),
        )
    cls, origin = types[type_name]
    try:
        return cls(*args), origin
    except OptionError as error:
        raise ConfigError(config_path, str(error), f"{table_name}.{name}.{error.key}") from error
    except Exception as error:
        raise PluginError(
            f"{origin.describe()}: {cls.__name__}() for [{table_name}.{name}] raised "
            f"{type(error).__name__}: {error}"
        ) from error


def _short_repr(value: Any, limit: int = 80) -> str:
    if isinstance(value, list | tuple) and value and all(isinstance(v, type) for v in value):
        text = "[" + ", ".join(v.__name__ for v in value) + "]"
    else:
        text = repr(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _unmarked_hooks(plugin: object, origin: PluginOrigin) -> list[str]:
    """A hint for each function of the plugin named like a hook but not marked @hookimpl."""
    own = getattr(plugin, "__name__", None) if isinstance(plugin, ModuleType) else None
    notes = []
    for name in dir(hookspecs):
        if not _is_spec(name):
            continue
        function = getattr(plugin, name, None)
        if not callable(function) or hasattr(function, "letterpress_impl"):
            continue
        if own is not None and getattr(function, "__module__", own) != own:
            continue  # imported from elsewhere, not the plugin's own
        notes.append(
            f"{origin.describe()}: {name}() is not marked @hookimpl, so letterpress never "
            "calls it (from letterpress import hookimpl, then @hookimpl above it)"
        )
    return notes


def packages_without_entry_point() -> list[str]:
    """Installed letterpress-* packages that declare no `letterpress` entry point."""
    from importlib.metadata import distributions

    found = set()
    for dist in distributions():
        name = str(dist.metadata["Name"] or "")
        if not name.lower().replace("_", "-").startswith("letterpress-"):
            continue
        if not [e for e in dist.entry_points if e.group == ENTRY_POINT_GROUP]:
            found.add(name)
    return sorted(found)


def _no_entry_point_hint() -> str:
    missing = packages_without_entry_point()
    if not missing:
        return ""
    one = len(missing) == 1
    return (
        f"; {', '.join(missing)} {'is' if one else 'are'} installed but "
        f"{'declares' if one else 'declare'} no entry point in the group letterpress "
        "([project.entry-points.letterpress] in pyproject.toml), so letterpress does not load "
        f"{'it' if one else 'them'}"
    )


def _is_spec(name: str) -> bool:
    return hasattr(getattr(hookspecs, name), "letterpress_spec")


def _contract_message(error: pluggy.PluginValidationError) -> str:
    # pluggy's message names the hook and the arguments; say what the hook accepts.
    text = str(error)
    for name in dir(hookspecs):
        if _is_spec(name) and name in text:
            import inspect

            signature = inspect.signature(getattr(hookspecs, name))
            return f"{text}; the hook is {name}{signature}"
    return text


def load_plugins(
    plugin_dirs: Sequence[Path] = (),
    *,
    entry_points: bool = True,
    trace: Callable[[str], None] | None = None,
) -> PluginHost:
    """A host with the built-ins, installed packages and the local files of ``plugin_dirs``."""
    host = PluginHost()
    host.trace = trace
    for dotted in BUILTIN_PLUGINS:
        module = importlib.import_module(dotted)
        host.register(module, PluginOrigin(dotted, "built-in", dotted))
    wanted = _wanted_plugins()
    seen: list[str] = []
    if entry_points:
        for entry_point in _entry_points():
            seen.append(entry_point.name)
            if wanted is None or entry_point.name in wanted:
                host.register(*_load_entry_point(entry_point))
    for folder in plugin_dirs:
        for path in sorted(folder.glob("*.py")):
            if path.name.startswith("_"):
                continue
            seen.append(path.stem)
            if wanted is None or path.stem in wanted:
                host.register(_load_file(path), PluginOrigin(path.stem, "local", str(path)))
    unknown = sorted(set(wanted or ()) - set(seen))
    if unknown:
        raise PluginError(
            f"{LOAD_PLUGINS_VARIABLE} names {', '.join(unknown)}, which no installed package "
            f"or local file provides (there are: {', '.join(seen) or 'none'})"
        )
    for obj, name in temporary_plugins:
        host.register(obj, PluginOrigin(name, "test", f"registered by a test: {name}"))
    return host


def hooks_of(host: PluginHost, name: str) -> list[str]:
    """The hooks a loaded plugin implements, by name."""
    plugin = host.manager.get_plugin(name)
    return sorted(caller.name for caller in host.manager.get_hookcallers(plugin) or [])


def _wanted_plugins() -> set[str] | None:
    """The plugin names LETTERPRESS_LOAD_PLUGINS asks for; None when it is not set."""
    value = os.environ.get(LOAD_PLUGINS_VARIABLE)
    if value is None:
        return None
    return {name.strip() for name in value.split(",") if name.strip()}


def _entry_points() -> Iterable[EntryPoint]:
    from importlib.metadata import entry_points

    return entry_points(group=ENTRY_POINT_GROUP)


def _load_entry_point(entry_point: EntryPoint) -> tuple[ModuleType, PluginOrigin]:
    dist = entry_point.dist
    origin = PluginOrigin(
        entry_point.name,
        "package",
        f"{entry_point.value} from {dist.name if dist else 'an installed package'}",
        dist.version if dist else None,
    )
    try:
        plugin = entry_point.load()
    except Exception as error:
        raise PluginError(
            f"{origin.describe()}: failed to import: {type(error).__name__}: {error}"
        ) from error
    return plugin, origin


def _load_file(path: Path) -> ModuleType:
    module_name = f"letterpress_local_plugins.{path.stem}"
    spec = importlib.util.spec_from_file_location(module_name, path)
    if spec is None or spec.loader is None:
        raise PluginError(f"plugin {shown(str(path))}: cannot be loaded as a Python module")
    module = importlib.util.module_from_spec(spec)
    sys.modules[module_name] = module
    try:
        spec.loader.exec_module(module)
    except Exception as error:
        sys.modules.pop(module_name, None)
        line = _error_line(error, path)
        raise PluginError(
            f"plugin {shown(str(path))}{line}: failed to import: {type(error).__name__}: {error}"
        ) from error
    return module


def _error_line(error: BaseException, path: Path) -> str:
    """':LINE' of the deepest frame in the plugin's own file, if there is one."""
    if isinstance(error, SyntaxError) and error.lineno:
        return f":{error.lineno}"
    line = ""
    tb = error.__traceback__
    while tb is not None:
        if Path(tb.tb_frame.f_code.co_filename) == path:
            line = f":{tb.tb_lineno}"
        tb = tb.tb_next
    return line


def plugin_exit(exit: SystemExit) -> str | None:
    """Where a plugin called sys.exit(), as "FILE:LINE", or None if letterpress itself did.

    The plugin is the code the call left letterpress for last: the first frame past the
    last one of letterpress's own, Python's import machinery aside.
    """
    frames = []
    tb = exit.__traceback__
    while tb is not None:
        frames.append((tb.tb_frame, tb.tb_lineno))
        tb = tb.tb_next
    ours = [n for n, (f, _) in enumerate(frames) if _is_letterpress(f.f_globals.get("__name__"))]
    if not ours or ours[-1] == len(frames) - 1:
        return None
    for frame, line in frames[ours[-1] + 1 :]:
        if not frame.f_code.co_filename.startswith("<frozen"):
            return f"{frame.f_code.co_filename}:{line}"
    return None


def _is_letterpress(module: object) -> bool:
    return isinstance(module, str) and (
        module == "letterpress" or module.startswith("letterpress.")
    )
