"""Calling hooks: the first-result loop that names the plugin that answered.

pluggy's own ``pm.hook.X(...)`` returns an answer but not who gave it, and
stops at the first answer.  :func:`call_first` asks the implementations in
pluggy's order and returns the first non-``None`` answer *and* the name of
its plugin (``decided_by``), and asks the other implementations of the same
priority too: one that answers differently is a conflict
(:class:`PluginError` naming both plugins).  :func:`collect` gathers every
implementation's list answer.

Hook wrappers (``@hookimpl(wrapper=True)`` or ``hookwrapper=True``) are
refused when a plugin is registered (:func:`register`): this loop does not
run them, and a wrapper that silently never runs is worse than an error.
To watch the calls, use :func:`trace_calls`, built on pluggy's own
monitoring (``PluginManager.add_hookcall_monitoring``).
"""

from __future__ import annotations

import operator
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from typing import Any, Final

import attrs
import pluggy

from adoption_rules.core.errors import AdoptionRulesError
from adoption_rules.plugins import hookspecs

__all__ = [
    "HookCall",
    "PluginError",
    "call_first",
    "collect",
    "new_manager",
    "register",
    "trace_calls",
]


class PluginError(AdoptionRulesError):
    """A plugin failed: at load (bad import, name clash, bad hook) or during a hook call."""

    def __init__(self, plugin: str, hook: str | None, message: str) -> None:
        self.plugin = plugin
        self.hook = hook
        where = f"plugin {plugin!r}" + (f", hook {hook}" if hook else "")
        # One line: the command line prints each error on a line of its own.
        flat = "; ".join(part.strip() for part in message.splitlines() if part.strip())
        super().__init__(f"{where}: {flat}")


def new_manager() -> pluggy.PluginManager:
    """A plugin manager knowing every hook of :mod:`adoption_rules.plugins.hookspecs`."""
    pm = pluggy.PluginManager(hookspecs.PROJECT)
    pm.add_hookspecs(hookspecs)
    return pm


def register(pm: pluggy.PluginManager, plugin: object, name: str) -> None:
    """Register ``plugin`` as ``name``, or raise :class:`PluginError` saying why not.

    pluggy checks each implementation against its specification; a hook
    wrapper is refused here, since :func:`call_first` and :func:`collect`
    would never run it.
    """
    try:
        pm.register(plugin, name=name)
        pm.check_pending()
    except (ValueError, pluggy.PluginValidationError) as exc:
        raise PluginError(name, None, f"refused at load: {exc}") from None
    wrappers = sorted(
        caller.name
        for caller in pm.get_hookcallers(plugin) or ()
        for impl in caller.get_hookimpls()
        if impl.plugin is plugin and (impl.wrapper or impl.hookwrapper)
    )
    if wrappers:
        pm.unregister(plugin)
        raise PluginError(
            name,
            wrappers[0],
            "refused at load: hook wrappers are not supported (the policy asks each "
            "implementation in turn to name the plugin that decided); implement the hook "
            "itself, with tryfirst=True to override",
        )


def _priority(impl: pluggy.HookImpl) -> int:
    return 0 if impl.tryfirst else 2 if impl.trylast else 1


def _asked(kwargs: Mapping[str, Any]) -> str:
    """The question's arguments that carry no case data (for a conflict's message)."""
    shown = [f"{k}={str(v)!r}" for k, v in kwargs.items() if isinstance(v, str)]
    return ", ".join(shown)


_Impl = tuple[Callable[..., Any], Callable[[Mapping[str, Any]], tuple[Any, ...]], str, int]


def _arguments(argnames: tuple[str, ...]) -> Callable[[Mapping[str, Any]], tuple[Any, ...]]:
    """A function picking an implementation's arguments, in order, out of the call's."""
    if len(argnames) > 1:
        return operator.itemgetter(*argnames)
    if argnames:
        (only,) = argnames
        return lambda kwargs: (kwargs[only],)
    return lambda kwargs: ()


_IMPLS_ATTRIBUTE: Final = "_adoption_rules_impls"
_TRACED_ATTRIBUTE: Final = "_adoption_rules_traced"


def _through_pluggy(
    pm: pluggy.PluginManager, hook_name: str, impl: pluggy.HookImpl
) -> Callable[..., Any]:
    """``impl`` called through pluggy's own hook execution, which its monitoring sees."""
    argnames = tuple(impl.argnames)

    def call(*args: Any) -> Any:
        kwargs = dict(zip(argnames, args, strict=True))
        answers: list[Any] = pm._hookexec(hook_name, [impl], kwargs, False)  # type: ignore[assignment]
        return answers[0] if answers else None

    return call


def _impls(pm: pluggy.PluginManager, hook_name: str) -> list[_Impl]:
    """A hook's implementations in pluggy's calling order (cached).

    Plugins are registered when a :class:`Policy` is built and never after, so
    the list is worked out once per manager and hook, and kept on the manager:
    this is the per-case path.  While :func:`trace_calls` watches the manager
    each implementation is called through pluggy (the cache is rebuilt when
    tracing starts and stops).
    """
    per_pm: dict[str, list[_Impl]] | None = getattr(pm, _IMPLS_ATTRIBUTE, None)
    if per_pm is None:
        per_pm = {}
        setattr(pm, _IMPLS_ATTRIBUTE, per_pm)
    impls = per_pm.get(hook_name)
    if impls is None:
        hook = getattr(pm.hook, hook_name)
        traced = getattr(pm, _TRACED_ATTRIBUTE, False)
        impls = per_pm[hook_name] = [
            (
                _through_pluggy(pm, hook_name, impl) if traced else impl.function,
                _arguments(tuple(impl.argnames)),
                impl.plugin_name,
                _priority(impl),
            )
            for impl in reversed(hook.get_hookimpls())
        ]
    return impls


@attrs.frozen
class HookCall:
    """One implementation's answer to one hook call, as :func:`trace_calls` records it.

    ``kwargs`` names the arguments only: their values may be case data.
    """

    hook: str
    plugin: str
    arguments: tuple[str, ...]
    answered: bool


@contextmanager
def trace_calls(pm: pluggy.PluginManager) -> Iterator[list[HookCall]]:
    """Record every hook implementation called through ``pm`` while the block runs.

    Built on pluggy's own monitoring (``PluginManager.add_hookcall_monitoring``):
    each implementation the policy asks is one :class:`HookCall`, in order.
    The list holds no argument values (they may be case data), only names::

        with trace_calls(policy.pm) as calls:
            evaluate(case, as_of, registry=registry)
        for call in calls:
            print(call.hook, call.plugin, call.answered)
    """
    calls: list[HookCall] = []

    def before(hook_name: str, impls: Sequence[pluggy.HookImpl], kwargs: Mapping[str, Any]) -> None:
        return None

    def after(
        outcome: pluggy.Result[Any],
        hook_name: str,
        impls: Sequence[pluggy.HookImpl],
        kwargs: Mapping[str, Any],
    ) -> None:
        answer = outcome.get_result() if outcome.exception is None else None
        for impl in impls:
            calls.append(HookCall(hook_name, impl.plugin_name, tuple(impl.argnames), bool(answer)))

    undo = pm.add_hookcall_monitoring(before, after)
    setattr(pm, _TRACED_ATTRIBUTE, True)
    setattr(pm, _IMPLS_ATTRIBUTE, None)
    try:
        yield calls
    finally:
        setattr(pm, _TRACED_ATTRIBUTE, False)
        setattr(pm, _IMPLS_ATTRIBUTE, None)
        undo()


def call_first(
    pm: pluggy.PluginManager, hook_name: str, kwargs: Mapping[str, Any]
) -> tuple[Any, str]:
    """Call a firstresult hook implementation by implementation, in pluggy's order.

    Returns the first non-``None`` answer and the name of the plugin that gave it.
    Done by hand (rather than ``pm.hook.X(...)``) so the answer names its plugin,
    and so that the other implementations of the same priority (``tryfirst``,
    plain, ``trylast``) are asked too: one that answers differently is a
    conflict, raised as :class:`PluginError` naming both plugins.
    """
    chosen: Any = None
    chosen_by = ""
    chosen_priority = -1
    for function, arguments, plugin_name, priority in _impls(pm, hook_name):
        if chosen is not None and priority != chosen_priority:
            break
        answer = _ask(function, arguments, kwargs, plugin_name, hook_name)
        if answer is None:
            continue
        if chosen is None:
            chosen, chosen_by, chosen_priority = answer, plugin_name, priority
        elif answer != chosen:
            raise PluginError(
                chosen_by,
                hook_name,
                f"conflicts with plugin {plugin_name!r}: different answers "
                f"({_asked(kwargs)}); mark the one meant to win tryfirst=True",
            )
    return chosen, chosen_by


def collect(
    pm: pluggy.PluginManager,
    hook_name: str,
    kwargs: Mapping[str, Any],
    valid: Callable[[Any], bool] = lambda _: True,
    expected: str = "values",
) -> list[Any]:
    """Every implementation's list answer to a hook, joined, in pluggy's order.

    Each answer must be a list or tuple (or ``None``) whose items pass ``valid``;
    anything else is a :class:`PluginError` naming the plugin and hook and saying
    the ``expected`` items (a string would otherwise be read letter by letter).
    """
    answers: list[Any] = []
    for function, arguments, plugin_name, _ in _impls(pm, hook_name):
        answer = _ask(function, arguments, kwargs, plugin_name, hook_name)
        if answer is None:
            continue
        if type(answer) not in (list, tuple) or not all(valid(a) for a in answer):
            raise PluginError(plugin_name, hook_name, f"must return a list of {expected}")
        answers.extend(answer)
    return answers


def _ask(
    function: Callable[..., Any],
    arguments: Callable[[Mapping[str, Any]], tuple[Any, ...]],
    kwargs: Mapping[str, Any],
    plugin_name: str,
    hook_name: str,
) -> Any:
    """One implementation's answer, or a :class:`PluginError` naming it."""
    try:
        return function(*arguments(kwargs))
    except KeyboardInterrupt:
        raise
    except BaseException as exc:
        # SystemExit and the like too: a plugin never ends the batch, its case fails.
        raise PluginError(plugin_name, hook_name, f"raised {type(exc).__name__}") from exc
