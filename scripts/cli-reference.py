#!/usr/bin/env python3
"""Static reference of what the official compshare-cli sends to the API and reads back.

Reads an installed compshare-cli's source with `ast` (never imports or runs it) and prints a
deterministic JSON document: per action, the wire parameters the CLI can send (kind, whether
always sent, literal values seen, nested fields), the response paths it reads, the RetCodes it
retries, its error hints, its body encoding and its call sites.

Usage:
  scripts/cli-reference.py [--source DIR]              print the reference
  scripts/cli-reference.py [--source DIR] --check FILE exit 1, with a short diff, if FILE differs

DIR is the `compshare_cli` package directory; by default the installed one
(`importlib.util.find_spec("compshare_cli")`). Python 3.9+, standard library only.

Approach: a small abstract interpreter over the package's functions.
- Call helpers are found, not named: a method call `.invoke(a, p)` / `.download(a, p)` on an
  instance of the SDK adapter class (the package class defining `invoke`) is a sink; a function
  passing one of its parameters as the action of a sink or of another such function is a
  wrapper (fixpoint). A call to a wrapper or sink whose action evaluates to string literals is a
  call site (file:line of the outermost such call).
- Every function is analysed as an entry (parameters typed from their annotations and typer
  defaults); calls into package functions are inlined with the actual arguments bound, so
  helpers that build or extend the parameter dict (`request(...)`, `compact({...})`,
  `params.update(extra or {})`, `{**a, **b}`) and helpers that read the answer (row builders,
  `list_key=` / `columns=` / `rows=` / `json_fields=`) are followed.
- "always": a key is always sent when it is set on every path to the call (stamped with the
  block it was set in; the call's block must lie inside it) and its value cannot be None (the
  SDK drops None values). `if` tests that are decidable from constants (e.g. a helper's
  `zone=True`, `x is not None` on a non-optional value) are decided, and `x is not None` /
  truthiness narrow the variable in the branch.
- When an action is chosen by a lookup `table[var]` with constant keys (e.g. image sources),
  the enclosing function is re-analysed once per key with `var` pinned, so each action gets
  only its own branch's parameters and reads. `if sorted(set(d) - allowed): raise` narrows the
  keys of `d` to `allowed`.
- Response paths: values derived from a call's answer carry their path; `.get("K")`, `["K"]`,
  iteration (`[]`), `.items()`/`.values()` (`*`, any key of a map), `or {}` fallbacks, `dict()`
  copies and spreads are followed; keys the CLI itself writes into an answer before reading
  them are not reported. Envelope keys (RetCode, Action, Message, request_uuid) are dropped.
  Only leaf paths are listed (prefixes are implied).
Output: top-level public_actions / unavailable_actions (from actions.py), other_actions_called
(called but not public), not_called (public, never called: listed under "actions" with an empty
request), unresolved_call_sites (only when some call's action could not be resolved), and per
action body ("json" when the adapter sends it as a JSON body), request, response, retry_codes,
hints, call_sites. Paths: `.` enters a key, `[]` a list element, `*` any key of a map.
Warnings (stale BRIDGES entry, a function the analysis failed on) go to stderr.

Limits: no path sensitivity beyond the above (a key set under a condition the analysis cannot
decide is "always": false); dynamic keys (a key computed at run time) are not reported; the
generic renderer (output.py) is not followed except through the rows/columns convention.
"""
from __future__ import annotations

import argparse
import ast
import importlib.util
import json
import sys
import threading
from pathlib import Path

PACKAGE = "compshare_cli"
ENVELOPE = {"RetCode", "Action", "Message", "request_uuid"}  # transport, not action fields
MAX_DEPTH = 14
MAX_FORK_VALUES = 16

# Facts the AST cannot see. Keep minimal; each entry says why.
# (module, function, local variable) -> (function, key): the variable takes the value found
# under `key` of a dict literal in that function of the same module.
BRIDGES = {
    # insights.record_command hands its event payload to a detached `python -m
    # compshare_cli.insights event <base64 JSON>` process, whose _send_event decodes it and
    # sends it (CreateCSCLIEvent). No data flow through argv is visible to an AST.
    ("insights.py", "_send_event", "payload"): ("record_command", "payload"),
}

# ---------------------------------------------------------------------------------------------
# Abstract values


class DictObj:
    __slots__ = ("fields", "origin", "dyn_keys", "dyn_vals", "spreads", "opaque")

    def __init__(self, origin):
        self.fields = {}  # key -> Field
        self.origin = origin
        self.dyn_keys = None
        self.dyn_vals = None
        self.spreads = []
        self.opaque = False


class Field:
    __slots__ = ("av", "stamps")

    def __init__(self, av, stamps):
        self.av = av
        self.stamps = list(stamps)


class ListObj:
    __slots__ = ("items", "src_dict")

    def __init__(self, items=(), src_dict=None):
        self.items = list(items)
        self.src_dict = src_dict


class TupleObj:
    __slots__ = ("elts",)

    def __init__(self, elts):
        self.elts = list(elts)


class FuncRef:
    __slots__ = ("mod", "node", "closure", "key")

    def __init__(self, mod, node, closure, key):
        self.mod, self.node, self.closure, self.key = mod, node, closure, key


def _uniq(objs):
    seen, out = set(), []
    for o in objs:
        if id(o) not in seen:
            seen.add(id(o))
            out.append(o)
    return tuple(out)


class AV:
    """A set of possible values. consts hold (type tag, value); kinds hold open scalar kinds."""

    __slots__ = ("kinds", "consts", "dicts", "lists", "tuples", "paths", "funcs", "sites",
                 "mods", "classes", "sdk", "fork", "keyminus")

    def __init__(self, kinds=(), consts=(), dicts=(), lists=(), tuples=(), paths=(), funcs=(),
                 sites=(), mods=(), classes=(), sdk=False, fork=None, keyminus=None):
        self.kinds = frozenset(kinds)
        self.consts = frozenset(consts)
        self.dicts = _uniq(dicts)
        self.lists = _uniq(lists)
        self.tuples = _uniq(tuples)
        self.paths = frozenset(paths)
        self.funcs = _uniq(funcs)
        self.sites = frozenset(sites)
        self.mods = frozenset(mods)
        self.classes = _uniq(classes)
        self.sdk = sdk
        self.fork = fork
        self.keyminus = keyminus

    def empty(self):
        return not (self.kinds or self.consts or self.dicts or self.lists or self.tuples
                    or self.paths or self.funcs or self.sites or self.mods or self.classes
                    or self.sdk)

    def scalar_only(self):
        return not (self.dicts or self.lists or self.tuples or self.paths or self.funcs
                    or self.sites or self.mods or self.classes or self.sdk or self.fork
                    or self.keyminus)

    def informative(self):
        return not self.empty() and not (self.kinds <= {"unknown"} and self.scalar_only()
                                         and not self.consts)

    def replace(self, **kw):
        base = {s: getattr(self, s) for s in AV.__slots__}
        base.update(kw)
        return AV(**base)

    def sig(self):
        return (self.kinds, self.consts)

    def str_consts(self):
        return sorted(v for t, v in self.consts if t == "str")


def tag(v):
    return type(v).__name__


def C(v):
    if v is None:
        return NONE
    return AV(consts=[(tag(v), v)])


def K(*kinds):
    return AV(kinds=kinds)


NONE = AV(kinds=["none"])
UNKNOWN = AV(kinds=["unknown"])
EMPTY = AV()
ELLIPSIS = AV(kinds=["unknown"])
STRING = K("string")
INT = K("int")
BOOL = K("bool")


def join(*avs):
    avs = [a for a in avs if a is not None and not a.empty()]
    if not avs:
        return EMPTY
    if len(avs) == 1:
        return avs[0]
    forks = {a.fork for a in avs if a.fork is not None}
    kms = [a.keyminus for a in avs if a.keyminus is not None]
    return AV(
        kinds=set().union(*(a.kinds for a in avs)),
        consts=set().union(*(a.consts for a in avs)),
        dicts=[d for a in avs for d in a.dicts],
        lists=[x for a in avs for x in a.lists],
        tuples=[x for a in avs for x in a.tuples],
        paths=set().union(*(a.paths for a in avs)),
        funcs=[x for a in avs for x in a.funcs],
        sites=set().union(*(a.sites for a in avs)),
        mods=set().union(*(a.mods for a in avs)),
        classes=[x for a in avs for x in a.classes],
        sdk=any(a.sdk for a in avs),
        fork=forks.pop() if len(forks) == 1 else None,
        keyminus=kms[0] if len(kms) == 1 else None,
    )


def without_none(av):
    return av.replace(kinds=av.kinds - {"none"}, consts={c for c in av.consts if c[1] is not None})


def truthy_part(av):
    return av.replace(kinds=av.kinds - {"none"}, consts={c for c in av.consts if c[1]})


def const_values(av):
    """The exact possible values when av is only constants (None included), else None."""
    if not av.scalar_only() or av.kinds - {"none"} or av.empty():
        return None
    vals = [v for _, v in av.consts]
    if "none" in av.kinds:
        vals.append(None)
    return vals


def const_key(av):
    """The string keys av can be when it is only string constants, else []."""
    if av.kinds - {"none"} or av.dicts or av.lists or av.tuples or av.paths or av.funcs:
        return []
    return av.str_consts()


def is_prefix(a, b):
    return len(a) <= len(b) and b[: len(a)] == a


def field_always_at(field, block):
    return any(is_prefix(s, block) for s in field.stamps)


def truth(av):
    t = f = False
    if "none" in av.kinds:
        f = True
    if av.kinds - {"none"}:
        t = f = True
    for _, v in av.consts:
        if v:
            t = True
        else:
            f = True
    for d in av.dicts:
        if any(field_always_at(fl, d.origin) for fl in d.fields.values()):
            t = True
        else:
            t = f = True
    if av.lists or av.paths:
        t = f = True
    for tp in av.tuples:
        if tp.elts:
            t = True
        else:
            f = True
    if av.funcs or av.sdk or av.mods or av.classes or av.sites:
        t = True
    if t and not f:
        return True
    if f and not t:
        return False
    return None


# ---------------------------------------------------------------------------------------------
# Source model


class Module:
    def __init__(self, name, rel, tree):
        self.name, self.rel, self.tree = name, rel, tree
        self.defs, self.classes, self.imports = {}, {}, {}
        for node in tree.body:
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                self.defs[node.name] = node
            elif isinstance(node, ast.ClassDef):
                self.classes[node.name] = node
            elif isinstance(node, (ast.Import, ast.ImportFrom)):
                self.add_import(node)
        self.env = None  # module constants, evaluated lazily
        self.evaluating = False

    def add_import(self, node):
        if isinstance(node, ast.Import):
            for a in node.names:
                if a.asname:
                    self.imports[a.asname] = (a.name, None)
                else:
                    top = a.name.split(".")[0]
                    self.imports[top] = (top, None)
            return
        base = node.module or ""
        if node.level:
            parts = self.name.split(".")
            pkg = parts if self.rel.endswith("__init__.py") else parts[:-1]
            pkg = pkg[: len(pkg) - (node.level - 1)]
            base = ".".join(pkg + ([base] if base else []))
        for a in node.names:
            self.imports[a.asname or a.name] = (base, a.name)


class ClassRef:
    def __init__(self, mod, node):
        self.mod, self.node = mod, node


class ForkRequest(Exception):
    def __init__(self, token, var, values):
        super().__init__(var)
        self.token, self.var, self.values = token, var, values


class Frame:
    def __init__(self, mod, fnode, env, closure, key):
        self.mod, self.fnode, self.env, self.closure, self.key = mod, fnode, env, closure, key
        self.init_env = dict(env)
        self.pins = {}
        self.alias = {}
        self.returns = []
        self.yields = []
        self.token = object()

    def clone(self, pins):
        fr = Frame(self.mod, self.fnode, dict(self.init_env), self.closure, self.key)
        fr.pins = dict(pins)
        fr.alias = self.alias
        for name, value in fr.pins.items():
            if name in fr.env:
                fr.env[name] = C(value)
        return fr


BUILTINS = {
    "dict", "list", "tuple", "set", "frozenset", "sorted", "reversed", "str", "int", "float",
    "bool", "len", "next", "max", "min", "any", "all", "isinstance", "enumerate", "zip", "range",
    "iter", "filter", "map", "getattr", "hasattr", "sum", "abs", "round", "format", "repr",
    "print", "callable", "type", "id", "hash", "divmod", "bytes", "open", "super", "vars",
}
STR_SAME = {"lower", "upper", "strip", "lstrip", "rstrip", "casefold", "title", "capitalize"}
STR_TO_STR = {"replace", "format", "join", "zfill", "ljust", "rjust", "center", "removeprefix",
              "removesuffix", "expandtabs", "decode", "hexdigest"}
STR_TO_BOOL = {"startswith", "endswith", "isdigit", "isalpha", "isalnum", "isspace",
               "isprintable", "isidentifier", "isupper", "islower", "isdecimal", "isnumeric"}


def name_of(expr):
    if isinstance(expr, ast.Name):
        return expr.id
    if isinstance(expr, ast.Attribute):
        return expr.attr
    return None


def walk_own(node):
    """ast.walk over a function body, not descending into nested functions, lambdas, classes."""
    stack = list(ast.iter_child_nodes(node))
    while stack:
        n = stack.pop()
        yield n
        if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda, ast.ClassDef)):
            continue
        stack.extend(ast.iter_child_nodes(n))


def all_params(args):
    return list(args.posonlyargs) + list(args.args) + list(args.kwonlyargs) + \
        ([args.vararg] if args.vararg else []) + ([args.kwarg] if args.kwarg else [])


# ---------------------------------------------------------------------------------------------
# The analysis


class Analysis:
    def __init__(self, root: Path):
        self.root = root
        self.mods = {}
        for path in sorted(root.rglob("*.py")):
            if "__pycache__" in path.parts:
                continue
            rel = path.relative_to(root).as_posix()
            parts = [PACKAGE] + rel[:-3].split("/")
            if parts[-1] == "__init__":
                parts = parts[:-1]
            tree = ast.parse(path.read_text(encoding="utf-8"), filename=rel)
            self.mods[".".join(parts)] = Module(".".join(parts), rel, tree)
        self.by_rel = {m.rel: m for m in self.mods.values()}
        self.log = []
        self.mutations = []
        self.written = {}
        self.memo = {}
        self.block = ()
        self.block_counter = 0
        self.active = []
        self.default_cache = {}
        self.bridge_cache = {}
        self.warnings = set()
        self.find_adapters()
        self.find_functions()
        self.find_wrappers()

    # -- discovery ------------------------------------------------------------------------

    def find_adapters(self):
        self.adapters = set()  # id(ClassDef)
        self.adapter_names = set()
        for m in self.mods.values():
            for name, cls in m.classes.items():
                for item in cls.body:
                    if isinstance(item, ast.FunctionDef) and item.name == "invoke" and \
                            len(item.args.args) >= 3:
                        self.adapters.add(id(cls))
                        self.adapter_names.add(name)
        self.factories = set()
        for m in self.mods.values():
            for name, fn in m.defs.items():
                ret = fn.returns
                if ret is not None and (name_of(ret) in self.adapter_names or (
                        isinstance(ret, ast.Constant) and ret.value in self.adapter_names)):
                    self.factories.add(name)

    def find_functions(self):
        self.functions = []  # (module, node, enclosing function chain)

        def visit(m, node, chain):
            for child in ast.iter_child_nodes(node):
                if isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef)):
                    self.functions.append((m, child, chain))
                    visit(m, child, chain + [child])
                elif isinstance(child, ast.ClassDef):
                    visit(m, child, chain)
                elif not isinstance(child, ast.Lambda):
                    visit(m, child, chain)

        for m in self.mods.values():
            visit(m, m.tree, [])

    def syntactic_callee(self, m, fn, chain, expr):
        name = None
        if isinstance(expr, ast.Name):
            name = expr.id
            for scope in reversed(chain + [fn]):
                for st in ast.walk(scope):
                    if isinstance(st, ast.FunctionDef) and st.name == name and st is not fn:
                        return st
            a = fn.args
            pos = list(a.posonlyargs) + list(a.args)
            defaults = dict(zip([p.arg for p in pos[len(pos) - len(a.defaults):]], a.defaults))
            defaults.update({p.arg: d for p, d in zip(a.kwonlyargs, a.kw_defaults) if d})
            if name in defaults:
                return self.syntactic_callee(m, fn, chain, defaults[name])
            return self.global_def(m, name)
        if isinstance(expr, ast.Attribute) and isinstance(expr.value, ast.Name):
            target = m.imports.get(expr.value.id)
            if target and target[1] is None:
                mod = self.mods.get(target[0])
                if mod:
                    return mod.defs.get(expr.attr)
        return None

    def global_def(self, m, name, depth=0):
        if name in m.defs:
            return m.defs[name]
        if name in m.imports and depth < 8:
            modname, sym = m.imports[name]
            if sym is None:
                return None
            target = self.mods.get(modname)
            if target is not None:
                return self.global_def(target, sym, depth + 1)
        return None

    def syntactic_sink(self, fn, call):
        if not (isinstance(call.func, ast.Attribute) and call.func.attr in ("invoke", "download")):
            return False
        recv = call.func.value
        creators = self.adapter_names | self.factories
        if isinstance(recv, ast.Call) and name_of(recv.func) in creators:
            return True
        if isinstance(recv, ast.Name):
            for n in walk_own(fn):
                if isinstance(n, ast.Assign) and any(
                        isinstance(t, ast.Name) and t.id == recv.id for t in n.targets) and \
                        isinstance(n.value, ast.Call) and name_of(n.value.func) in creators:
                    return True
        return False

    def find_wrappers(self):
        self.wrappers = {}  # id(FunctionDef) -> (action param name, positional index or None)
        self.wrapper_nodes = {}
        changed = True
        while changed:
            changed = False
            for m, fn, chain in self.functions:
                if id(fn) in self.wrappers:
                    continue
                pos = [p.arg for p in list(fn.args.posonlyargs) + list(fn.args.args)]
                names = {p.arg for p in all_params(fn.args)}
                for call in walk_own(fn):
                    if not isinstance(call, ast.Call):
                        continue
                    aexpr = None
                    if self.syntactic_sink(fn, call):
                        aexpr = call.args[0] if call.args else None
                    else:
                        target = self.syntactic_callee(m, fn, chain, call.func)
                        if target is not None and id(target) in self.wrappers:
                            pname, idx = self.wrappers[id(target)]
                            if idx is not None and idx < len(call.args):
                                aexpr = call.args[idx]
                            for kw in call.keywords:
                                if kw.arg == pname:
                                    aexpr = kw.value
                    if isinstance(aexpr, ast.Name) and aexpr.id in names:
                        idx = pos.index(aexpr.id) if aexpr.id in pos else None
                        self.wrappers[id(fn)] = (aexpr.id, idx)
                        self.wrapper_nodes[id(fn)] = (m, fn)
                        changed = True
                        break

    # -- facts read directly from the AST ------------------------------------------------

    def retry_table(self):
        """wrapper -> list of (codes, action filter or None) from `except`: `if err.code == N
        ...: continue` retry loops; the filter holds actions compared with the action parameter
        in the assignments of the names that test uses."""
        table = {}
        for wid, (m, fn) in self.wrapper_nodes.items():
            pname = self.wrappers[wid][0]
            for handler in ast.walk(fn):
                if not isinstance(handler, ast.ExceptHandler):
                    continue
                for test_if in ast.walk(handler):
                    if not isinstance(test_if, ast.If):
                        continue
                    codes = [c.comparators[0].value for c in ast.walk(test_if.test)
                             if isinstance(c, ast.Compare) and isinstance(c.left, ast.Attribute)
                             and c.left.attr == "code" and isinstance(c.ops[0], ast.Eq)
                             and isinstance(c.comparators[0], ast.Constant)
                             and isinstance(c.comparators[0].value, int)]
                    if not codes or not any(isinstance(n, ast.Continue) for n in ast.walk(test_if)):
                        continue
                    names = {n.id for n in ast.walk(test_if.test) if isinstance(n, ast.Name)}
                    names.discard(handler.name)
                    filt = set()
                    for asg in ast.walk(fn):
                        if isinstance(asg, ast.Assign) and any(
                                isinstance(t, ast.Name) and t.id in names for t in asg.targets):
                            for c in ast.walk(asg.value):
                                if isinstance(c, ast.Compare) and isinstance(c.left, ast.Name) \
                                        and c.left.id == pname and isinstance(c.ops[0], ast.Eq) \
                                        and isinstance(c.comparators[0], ast.Constant):
                                    filt.add(c.comparators[0].value)
                    table.setdefault(wid, []).append((codes, filt or None))
        return table

    def hints(self):
        """Dict literals keyed by (action, code) tuples, valued by a string or tr("...")."""
        out = {}
        for m in self.mods.values():
            for d in ast.walk(m.tree):
                if not isinstance(d, ast.Dict) or not d.keys:
                    continue
                ok = all(isinstance(k, ast.Tuple) and len(k.elts) == 2
                         and isinstance(k.elts[0], ast.Constant) and isinstance(k.elts[0].value, str)
                         and isinstance(k.elts[1], ast.Constant)
                         and isinstance(k.elts[1].value, int) for k in d.keys)
                if not ok:
                    continue
                for k, v in zip(d.keys, d.values):
                    if isinstance(v, ast.Call) and v.args:
                        v = v.args[0]
                    if isinstance(v, ast.Constant) and isinstance(v.value, str):
                        out.setdefault(k.elts[0].value, {})[str(k.elts[1].value)] = v.value
        return out

    def json_actions(self):
        """Actions the adapter compares its action parameter with, in methods that set an
        application/json body."""
        out = set()
        for m in self.mods.values():
            for cls in m.classes.values():
                if id(cls) not in self.adapters:
                    continue
                for meth in cls.body:
                    if not isinstance(meth, ast.FunctionDef):
                        continue
                    if not any(isinstance(n, ast.Constant) and n.value == "application/json"
                               for n in ast.walk(meth)):
                        continue
                    params = [a.arg for a in meth.args.args[1:]]
                    if not params:
                        continue
                    for c in ast.walk(meth):
                        if isinstance(c, ast.Compare) and isinstance(c.left, ast.Name) and \
                                c.left.id == params[0] and isinstance(c.ops[0], ast.Eq) and \
                                isinstance(c.comparators[0], ast.Constant):
                            out.add(c.comparators[0].value)
        return out

    # -- module environments -------------------------------------------------------------

    def module_env(self, m):
        if m.env is None:
            if m.evaluating:
                return {}
            m.evaluating = True
            m.env = {}
            fr = Frame(m, None, m.env, None, m.rel + ":<module>")
            saved = self.block
            self.block = ()
            for st in m.tree.body:
                if isinstance(st, (ast.Assign, ast.AnnAssign, ast.AugAssign)):
                    try:
                        self.exec_stmt(st, fr)
                    except ForkRequest:
                        pass
            self.block = saved
            m.env = fr.env
            m.evaluating = False
        return m.env

    def global_lookup(self, m, name, depth=0):
        env = self.module_env(m)
        if name in env:
            return env[name]
        if name in m.defs:
            return AV(funcs=[FuncRef(m, m.defs[name], None, m.rel + ":" + name)])
        if name in m.classes:
            return AV(classes=[ClassRef(m, m.classes[name])])
        if name in m.imports and depth < 8:
            modname, sym = m.imports[name]
            if sym is None:
                return AV(mods=[modname]) if modname in self.mods else UNKNOWN
            full = modname + "." + sym
            if full in self.mods:
                return AV(mods=[full])
            target = self.mods.get(modname)
            if target is not None:
                return self.global_lookup(target, sym, depth + 1)
        return None

    # -- annotations and defaults --------------------------------------------------------

    def annotation_av(self, ann, m):
        if ann is None:
            return EMPTY
        if isinstance(ann, ast.Constant):
            if ann.value is None:
                return NONE
            if isinstance(ann.value, str):
                try:
                    return self.annotation_av(ast.parse(ann.value, mode="eval").body, m)
                except SyntaxError:
                    return UNKNOWN
            return UNKNOWN
        if isinstance(ann, ast.BinOp) and isinstance(ann.op, ast.BitOr):
            return join(self.annotation_av(ann.left, m), self.annotation_av(ann.right, m))
        if isinstance(ann, ast.Subscript):
            base = name_of(ann.value)
            inner = ann.slice
            elts = inner.elts if isinstance(inner, ast.Tuple) else [inner]
            if base == "Optional":
                return join(self.annotation_av(elts[0], m), NONE)
            if base == "Union":
                return join(*(self.annotation_av(e, m) for e in elts))
            if base in ("List", "list", "Sequence", "Iterable", "Iterator", "Set", "set",
                        "FrozenSet", "frozenset", "MutableSequence", "Collection"):
                return AV(lists=[ListObj([self.annotation_av(elts[0], m)])])
            if base in ("Tuple", "tuple"):
                if len(elts) == 2 and isinstance(elts[1], ast.Constant) and elts[1].value is ...:
                    return AV(lists=[ListObj([self.annotation_av(elts[0], m)])])
                return AV(tuples=[TupleObj([self.annotation_av(e, m) for e in elts])])
            if base in ("Dict", "dict", "Mapping", "MutableMapping"):
                return K("object")
            if base == "Literal":
                return join(*(C(e.value) for e in elts if isinstance(e, ast.Constant)))
            return UNKNOWN
        name = name_of(ann)
        simple = {"str": STRING, "int": INT, "float": K("float"), "bool": BOOL, "None": NONE,
                  "dict": K("object"), "Dict": K("object"), "Mapping": K("object"),
                  "list": AV(lists=[ListObj([UNKNOWN])]), "List": AV(lists=[ListObj([UNKNOWN])]),
                  "Sequence": AV(lists=[ListObj([UNKNOWN])]), "tuple": AV(lists=[ListObj([UNKNOWN])])}
        if name in simple:
            return simple[name]
        if isinstance(ann, ast.Name):
            ref = self.global_lookup(m, ann.id)
            if ref is not None and ref.classes:
                enum = self.enum_values(ref.classes[0])
                if enum is not None:
                    return join(*(C(v) for v in enum))
        return UNKNOWN

    def enum_values(self, cref):
        bases = {name_of(b) for b in cref.node.bases}
        if not bases & {"Enum", "IntEnum", "StrEnum"}:
            return None
        vals = []
        for st in cref.node.body:
            if isinstance(st, ast.Assign) and isinstance(st.value, ast.Constant):
                vals.append(st.value.value)
        return vals

    def default_av(self, m, expr):
        """A parameter default; typer.Option/Argument(X, ...) means X, `...` means required."""
        key = id(expr)
        if key not in self.default_cache:
            if isinstance(expr, ast.Call) and name_of(expr.func) in ("Option", "Argument"):
                expr = expr.args[0] if expr.args else None
            if expr is None or (isinstance(expr, ast.Constant) and expr.value is ...):
                val = ELLIPSIS
            else:
                fr = Frame(m, None, {}, None, m.rel + ":<default>")
                val = self.eval(expr, fr)
            self.default_cache[key] = val
        return self.default_cache[key]

    def param_defaults(self, fn):
        a = fn.args
        pos = list(a.posonlyargs) + list(a.args)
        out = dict(zip([p.arg for p in pos[len(pos) - len(a.defaults):]], a.defaults))
        out.update({p.arg: d for p, d in zip(a.kwonlyargs, a.kw_defaults) if d is not None})
        return out

    def entry_param(self, m, param, default_expr):
        ann = self.annotation_av(param.annotation, m)
        d = self.default_av(m, default_expr) if default_expr is not None else None
        if d is not None and d is not ELLIPSIS:
            if "none" in d.kinds:
                ann = join(ann, NONE)
            elif ann.empty():
                ann = AV(kinds={"bool" if t == "bool" else {"str": "string"}.get(t, t)
                                for t, _ in d.consts} or {"unknown"})
        return ann if not ann.empty() else UNKNOWN

    # -- logging ---------------------------------------------------------------------------

    def record_read(self, sa, path):
        if path in self.written.get(sa, ()):
            return
        self.log.append(("read", sa, path))

    def new_block(self):
        self.block_counter += 1
        return self.block_counter

    # -- frames ---------------------------------------------------------------------------

    def run_frame(self, fr, body):
        mark, saved_block = len(self.log), self.block
        try:
            if isinstance(body, list):
                self.exec_block(body, fr)
            else:
                fr.returns.append(self.eval(body, fr))
            return [fr]
        except ForkRequest as req:
            if req.token is not fr.token:
                raise
            del self.log[mark:]
            self.memo.clear()
            self.block = saved_block
            frames = []
            for value in sorted(req.values, key=str):
                self.block = saved_block
                frames.extend(self.run_frame(fr.clone({**fr.pins, req.var: value}), body))
            return frames

    def run_entry(self, m, fn, key, is_method):
        env = {}
        defaults = self.param_defaults(fn)
        for i, p in enumerate(all_params(fn.args)):
            if is_method and i == 0:
                env[p.arg] = UNKNOWN
            elif p is fn.args.vararg or p is fn.args.kwarg:
                env[p.arg] = UNKNOWN
            else:
                env[p.arg] = self.entry_param(m, p, defaults.get(p.arg))
        fr = Frame(m, fn, env, None, key)
        self.block = ()
        self.active = [key]
        self.run_frame(fr, fn.body)

    def call_func(self, fref, args, kwargs, node, fr, arg_exprs, kw_exprs):
        fnode = fref.node
        is_lambda = isinstance(fnode, ast.Lambda)
        if fref.key in self.active or len(self.active) > MAX_DEPTH:
            return UNKNOWN if is_lambda else self.ann_return(fref)
        env, alias = self.bind(fref, args, kwargs, arg_exprs, kw_exprs)
        winfo = self.wrappers.get(id(fnode))
        if winfo:
            pname = winfo[0]
            expr = None
            if winfo[1] is not None and winfo[1] < len(arg_exprs):
                expr = arg_exprs[winfo[1]]
            expr = kw_exprs.get(pname, expr)
            sas = self.resolve_action(env.get(pname, EMPTY), node, fr, expr)
            if sas is None:
                return UNKNOWN
            env[pname] = AV(sites=sas)
            for sa in sas:
                self.log.append(("via", sa, id(fnode)))
        memo_key = None
        if all(v.scalar_only() for v in env.values()) and not is_lambda:
            memo_key = (fref.key, tuple(sorted((k, v.sig()) for k, v in env.items())))
            if memo_key in self.memo:
                return self.memo[memo_key]
        callee = Frame(fref.mod, fnode, env, fref.closure, fref.key)
        callee.alias = alias
        self.active.append(fref.key)
        saved = self.block
        try:
            frames = self.run_frame(callee, fnode.body)
        finally:
            self.active.pop()
            self.block = saved
        if any(f.yields for f in frames):
            result = AV(lists=[ListObj([y for f in frames for y in f.yields])])
        else:
            result = join(*(r for f in frames for r in f.returns))
            if result.empty() and not is_lambda:
                result = NONE if not any(f.returns for f in frames) else UNKNOWN
        if result.fork is not None:
            token, var, values = result.fork
            if token in {f.token for f in frames} and var in alias:
                result = result.replace(fork=(fr.token, alias[var], values))
            else:
                result = result.replace(fork=None)
        if not is_lambda and fnode.returns is not None and \
                (result.empty() or "unknown" in result.kinds):
            ann = self.ann_return(fref)
            if ann.informative():
                result = join(result.replace(kinds=result.kinds - {"unknown"}), ann)
        if memo_key is not None and result.scalar_only():
            self.memo[memo_key] = result
        return result

    def ann_return(self, fref):
        if isinstance(fref.node, ast.Lambda):
            return UNKNOWN
        ann = self.annotation_av(fref.node.returns, fref.mod)
        return ann if not ann.empty() else UNKNOWN

    def bind(self, fref, args, kwargs, arg_exprs, kw_exprs):
        a = fref.node.args
        pos = list(a.posonlyargs) + list(a.args)
        defaults = self.param_defaults(fref.node) if not isinstance(fref.node, ast.Lambda) else \
            dict(zip([p.arg for p in pos[len(pos) - len(a.defaults):]], a.defaults))
        env, alias = {}, {}
        kwargs = dict(kwargs)

        def alias_of(expr):
            if isinstance(expr, ast.Name):
                return expr.id
            if isinstance(expr, ast.Call) and isinstance(expr.func, ast.Attribute) and \
                    expr.func.attr in STR_SAME and isinstance(expr.func.value, ast.Name):
                return expr.func.value.id
            return None

        def refine(p, val):
            if val.informative() or isinstance(fref.node, ast.Lambda):
                return val
            ann = self.annotation_av(p.annotation, fref.mod)
            return ann if not ann.empty() else val

        for i, p in enumerate(pos):
            if i < len(args):
                env[p.arg] = refine(p, args[i])
                al = alias_of(arg_exprs[i]) if i < len(arg_exprs) else None
            elif p.arg in kwargs:
                env[p.arg] = refine(p, kwargs.pop(p.arg))
                al = alias_of(kw_exprs.get(p.arg))
            elif p.arg in defaults:
                d = self.default_av(fref.mod, defaults[p.arg])
                env[p.arg] = refine(p, d if d is not ELLIPSIS else UNKNOWN)
                al = None
            else:
                env[p.arg] = UNKNOWN
                al = None
            if al:
                alias[p.arg] = al
        extra = list(args[len(pos):])
        for p in a.kwonlyargs:
            if p.arg in kwargs:
                env[p.arg] = refine(p, kwargs.pop(p.arg))
                al = alias_of(kw_exprs.get(p.arg))
                if al:
                    alias[p.arg] = al
            elif p.arg in defaults:
                d = self.default_av(fref.mod, defaults[p.arg])
                env[p.arg] = refine(p, d if d is not ELLIPSIS else UNKNOWN)
            else:
                env[p.arg] = UNKNOWN
        if a.vararg:
            env[a.vararg.arg] = AV(tuples=[TupleObj(extra)])
        if a.kwarg:
            d = DictObj(self.block)
            for k, v in kwargs.items():
                if k is not None:
                    d.fields[k] = Field(v, [self.block])
            env[a.kwarg.arg] = AV(dicts=[d])
        return env, alias

    def resolve_action(self, a, node, fr, expr):
        if a.sites:
            return a.sites
        names = a.str_consts()
        site = (fr.mod.rel, node.lineno)
        if names:
            if len(names) > 1 and a.fork is not None and a.fork[0] is fr.token and \
                    a.fork[1] not in fr.pins and len(a.fork[2]) <= MAX_FORK_VALUES:
                raise ForkRequest(fr.token, a.fork[1], a.fork[2])
            sas = frozenset((site, n) for n in names)
            for sa in sorted(sas):
                self.log.append(("call", sa))
            return sas
        if isinstance(expr, ast.Name) and fr.fnode is not None and \
                self.wrappers.get(id(fr.fnode), (None,))[0] == expr.id:
            return None  # a wrapper analysed on its own: its caller names the action
        self.log.append(("unresolved", site))
        return None

    # -- statements -------------------------------------------------------------------------

    def exec_block(self, stmts, fr):
        for st in stmts:
            if self.exec_stmt(st, fr):
                return True
        return False

    def assign_name(self, fr, name, av):
        if name in fr.pins:
            av = C(fr.pins[name])
        bridge = BRIDGES.get((fr.mod.rel, getattr(fr.fnode, "name", None), name))
        if bridge is not None:
            bav = self.bridge_value(fr.mod, *bridge)
            if bav is not None:
                av = bav
        fr.env[name] = av

    def bridge_value(self, m, func, key):
        ck = (m.rel, func, key)
        if ck not in self.bridge_cache:
            self.bridge_cache[ck] = None
            fn = m.defs.get(func)
            found = None
            if fn is not None:
                for d in ast.walk(fn):
                    if isinstance(d, ast.Dict):
                        for k, v in zip(d.keys, d.values):
                            if isinstance(k, ast.Constant) and k.value == key:
                                found = v
            if found is None:
                self.warnings.add(f"bridge {m.rel}:{func}[{key!r}] not found; table is stale")
            else:
                env = {}
                defaults = self.param_defaults(fn)
                for p in all_params(fn.args):
                    env[p.arg] = self.entry_param(m, p, defaults.get(p.arg))
                saved = self.block
                self.block = ()
                self.bridge_cache[ck] = self.eval(found, Frame(m, fn, env, None, m.rel + ":" + func))
                self.block = saved
        return self.bridge_cache[ck]

    def assign(self, target, av, fr):
        if isinstance(target, ast.Name):
            self.assign_name(fr, target.id, av)
        elif isinstance(target, (ast.Tuple, ast.List)):
            n = len(target.elts)
            star = next((i for i, e in enumerate(target.elts) if isinstance(e, ast.Starred)), None)
            per = [[] for _ in range(n)]
            for tp in av.tuples:
                if star is None and len(tp.elts) == n:
                    for i, e in enumerate(tp.elts):
                        per[i].append(e)
                elif star is not None and len(tp.elts) >= n - 1:
                    for i in range(star):
                        per[i].append(tp.elts[i])
                    tail = n - star - 1
                    for i in range(tail):
                        per[n - 1 - i].append(tp.elts[len(tp.elts) - 1 - i])
                    per[star].append(AV(lists=[ListObj(tp.elts[star: len(tp.elts) - tail])]))
                else:
                    for i in range(n):
                        per[i].append(UNKNOWN)
            other = av.replace(tuples=())
            if not other.empty():
                el = self.iter_elem(other)
                for i in range(n):
                    per[i].append(el)
            for i, e in enumerate(target.elts):
                v = join(*per[i]) if per[i] else UNKNOWN
                if av.fork is not None and v.consts and v.fork is None:
                    v = v.replace(fork=av.fork)
                if isinstance(e, ast.Starred):
                    self.assign(e.value, v, fr)
                else:
                    self.assign(e, v, fr)
        elif isinstance(target, ast.Subscript):
            obj = self.eval(target.value, fr)
            if isinstance(target.slice, ast.Slice):
                return
            key = self.eval(target.slice, fr)
            self.set_item(obj, key, av)
        elif isinstance(target, ast.Attribute):
            self.eval(target.value, fr)
        elif isinstance(target, ast.Starred):
            self.assign(target.value, av, fr)

    def exec_stmt(self, st, fr):
        if isinstance(st, ast.Assign):
            v = self.eval(st.value, fr)
            for t in st.targets:
                self.assign(t, v, fr)
        elif isinstance(st, ast.AnnAssign):
            if st.value is not None:
                self.assign(st.target, self.eval(st.value, fr), fr)
        elif isinstance(st, ast.AugAssign):
            right = self.eval(st.value, fr)
            if isinstance(st.target, ast.Name):
                left = self.lookup(st.target.id, fr) or UNKNOWN
                self.assign_name(fr, st.target.id, self.binop(st.op, left, right))
            else:
                self.eval(st.target.value if hasattr(st.target, "value") else st.target, fr)
        elif isinstance(st, ast.Expr):
            self.eval(st.value, fr)
        elif isinstance(st, ast.Return):
            fr.returns.append(self.eval(st.value, fr) if st.value is not None else NONE)
            return True
        elif isinstance(st, ast.Raise):
            if st.exc is not None:
                self.eval(st.exc, fr)
            return True
        elif isinstance(st, (ast.Continue, ast.Break)):
            return True
        elif isinstance(st, ast.If):
            return self.exec_if(st, fr)
        elif isinstance(st, (ast.For, ast.AsyncFor)):
            self.exec_loop(st, fr, self.iter_elem(self.eval(st.iter, fr)))
        elif isinstance(st, ast.While):
            test = self.eval(st.test, fr)
            if truth(test) is True:
                self.exec_block(st.body, fr)
            else:
                self.exec_loop(st, fr, None)
        elif isinstance(st, (ast.Try, getattr(ast, "TryStar", ast.Try))):
            return self.exec_try(st, fr)
        elif isinstance(st, (ast.With, ast.AsyncWith)):
            for item in st.items:
                self.eval(item.context_expr, fr)
                if item.optional_vars is not None:
                    self.assign(item.optional_vars, UNKNOWN, fr)
            return self.exec_block(st.body, fr)
        elif isinstance(st, (ast.FunctionDef, ast.AsyncFunctionDef)):
            key = f"{fr.key}.<locals>.{st.name}@{st.lineno}"
            fr.env[st.name] = AV(funcs=[FuncRef(fr.mod, st, fr, key)])
        elif isinstance(st, ast.Delete):
            for t in st.targets:
                if isinstance(t, ast.Subscript):
                    obj, key = self.eval(t.value, fr), self.eval(t.slice, fr)
                    for d in obj.dicts:
                        for k in key.str_consts():
                            if k in d.fields:
                                d.fields[k].stamps = []
        elif isinstance(st, (ast.Import, ast.ImportFrom)):
            tmp = Module(fr.mod.name, fr.mod.rel, ast.Module(body=[], type_ignores=[]))
            tmp.add_import(st)
            for alias_name in tmp.imports:
                tmp.defs, tmp.classes = {}, {}
                tmp.env = {}
                val = self.global_lookup(tmp, alias_name)
                fr.env[alias_name] = val if val is not None else UNKNOWN
        elif isinstance(st, getattr(ast, "Match", ())):
            self.eval(st.subject, fr)
            parent = self.block
            base = fr.env
            envs = []
            for case in st.cases:
                fr.env = dict(base)
                self.block = parent + (self.new_block(),)
                if not self.exec_block(case.body, fr):
                    envs.append(fr.env)
            self.block = parent
            fr.env = self.join_env([base] + envs)
        return False

    def join_env(self, envs):
        if len(envs) == 1:
            return envs[0]
        out = {}
        for name in set().union(*envs):
            vals = [e[name] for e in envs if name in e]
            first = vals[0]
            out[name] = first if all(v is first for v in vals) else join(*vals)
        return out

    def exec_if(self, st, fr):
        t = self.eval(st.test, fr)
        tv = truth(t)
        if tv is True:
            self.narrow(st.test, fr, True)
            return self.exec_block(st.body, fr)
        if tv is False:
            self.narrow(st.test, fr, False)
            return self.exec_block(st.orelse, fr)
        parent, base = self.block, fr.env
        m0 = len(self.mutations)
        b1 = parent + (self.new_block(),)
        fr.env = dict(base)
        self.narrow(st.test, fr, True)
        self.block = b1
        term_body = self.exec_block(st.body, fr)
        env_body = fr.env
        m1 = len(self.mutations)
        b2 = parent + (self.new_block(),)
        fr.env = dict(base)
        self.narrow(st.test, fr, False)
        self.block = b2
        term_else = self.exec_block(st.orelse, fr)
        env_else = fr.env
        self.block = parent
        # A key set in both branches (or in one, the other ending the block) is set here.
        set_body = None if term_body else {
            (id(d), k): d for d, k, blk in self.mutations[m0:m1] if blk == b1}
        set_else = None if term_else else {
            (id(d), k): d for d, k, blk in self.mutations[m1:] if blk == b2}
        if set_body is not None or set_else is not None:
            if set_body is None:
                both = set_else
            elif set_else is None:
                both = set_body
            else:
                both = {k: d for k, d in set_body.items() if k in set_else}
            for (_, key), d in both.items():
                if key in d.fields:
                    d.fields[key].stamps.append(parent)
        if term_body and not st.orelse and t.keyminus is not None:
            d, allowed = t.keyminus
            for key in list(d.fields):
                if key not in allowed:
                    del d.fields[key]
        if term_body and term_else:
            fr.env = self.join_env([env_body, env_else])
            return True
        fr.env = env_else if term_body else env_body if term_else else \
            self.join_env([env_body, env_else])
        return False

    def exec_loop(self, st, fr, elem):
        parent, base = self.block, fr.env
        self.block = parent + (self.new_block(),)
        fr.env = dict(base)
        if elem is not None:
            self.assign(st.target, elem, fr)
        self.exec_block(st.body, fr)
        body_env = fr.env
        fr.env = self.join_env([base, body_env])
        if st.orelse:
            self.block = parent + (self.new_block(),)
            self.exec_block(st.orelse, fr)
        self.block = parent

    def exec_try(self, st, fr):
        parent, base = self.block, fr.env
        self.block = parent + (self.new_block(),)
        fr.env = dict(base)
        term = self.exec_block(st.body, fr)
        body_env = fr.env
        envs = [] if term else [body_env]
        if st.orelse and not term:
            fr.env = dict(body_env)
            term_or = self.exec_block(st.orelse, fr)
            envs = [] if term_or else [fr.env]
        all_term = term
        for h in st.handlers:
            self.block = parent + (self.new_block(),)
            fr.env = self.join_env([base, body_env])
            if h.type is not None:
                self.eval(h.type, fr)
            if h.name:
                fr.env[h.name] = UNKNOWN
            if not self.exec_block(h.body, fr):
                envs.append(fr.env)
                all_term = False
        self.block = parent
        fr.env = self.join_env(envs) if envs else body_env
        if st.finalbody:
            if self.exec_block(st.finalbody, fr):
                return True
        return all_term and bool(st.handlers) or (term and not st.handlers)

    def narrow(self, test, fr, positive):
        if isinstance(test, ast.UnaryOp) and isinstance(test.op, ast.Not):
            return self.narrow(test.operand, fr, not positive)
        if isinstance(test, ast.BoolOp):
            if isinstance(test.op, ast.And) == positive:
                for v in test.values:
                    self.narrow(v, fr, positive)
            else:
                # not (A and B) with A decidably true narrows not B (dually for or).
                open_ = [v for v in test.values if truth(self.eval(v, fr)) is not (not positive)]
                if len(open_) == 1:
                    self.narrow(open_[0], fr, positive)
            return
        if isinstance(test, ast.Name):
            if positive and test.id in fr.env:
                self.assign_name(fr, test.id, truthy_part(fr.env[test.id]))
            return
        if isinstance(test, ast.Compare) and len(test.ops) == 1 and \
                isinstance(test.left, ast.Name) and test.left.id in fr.env and \
                isinstance(test.comparators[0], ast.Constant) and test.comparators[0].value is None:
            op = test.ops[0]
            if isinstance(op, (ast.Is, ast.IsNot)):
                not_none = isinstance(op, ast.IsNot) == positive
                cur = fr.env[test.left.id]
                self.assign_name(fr, test.left.id, without_none(cur) if not_none else NONE)

    # -- expressions ------------------------------------------------------------------------

    def lookup(self, name, fr):
        f = fr
        while f is not None:
            if name in f.env:
                return f.env[name]
            f = f.closure
        return self.global_lookup(fr.mod, name)

    def eval(self, e, fr):
        m = getattr(self, "e_" + type(e).__name__, None)
        if m is None:
            for child in ast.iter_child_nodes(e):
                if isinstance(child, ast.expr):
                    self.eval(child, fr)
            return UNKNOWN
        return m(e, fr)

    def e_Constant(self, e, fr):
        if e.value is ...:
            return ELLIPSIS
        if isinstance(e.value, (str, int, float, bool)) or e.value is None:
            return C(e.value)
        return UNKNOWN

    def e_Name(self, e, fr):
        v = self.lookup(e.id, fr)
        if v is None:
            return UNKNOWN
        return v

    def e_Attribute(self, e, fr):
        base = self.eval(e.value, fr)
        parts = []
        for modname in base.mods:
            v = self.global_lookup(self.mods[modname], e.attr)
            if v is not None:
                parts.append(v)
        for cref in base.classes:
            for st in cref.node.body:
                if isinstance(st, ast.Assign) and any(
                        isinstance(t, ast.Name) and t.id == e.attr for t in st.targets) and \
                        isinstance(st.value, ast.Constant) and self.enum_values(cref) is not None:
                    parts.append(C(st.value.value))
        if e.attr == "value" and base.consts:
            parts.append(base.replace(kinds=base.kinds - {"none"}, dicts=(), lists=(),
                                      tuples=(), paths=()))
        if parts:
            return join(*parts)
        return UNKNOWN

    def e_Subscript(self, e, fr):
        base = self.eval(e.value, fr)
        if isinstance(e.slice, ast.Slice):
            for part in (e.slice.lower, e.slice.upper, e.slice.step):
                if part is not None:
                    self.eval(part, fr)
            return base.replace(fork=None)
        key = self.eval(e.slice, fr)
        return self.get_item(base, key, e.slice, fr, False, None)

    def e_Dict(self, e, fr):
        d = DictObj(self.block)
        for k, v in zip(e.keys, e.values):
            val = self.eval(v, fr)
            if k is None:
                self.spread_into(d, val)
                continue
            self.set_item(AV(dicts=[d]), self.eval(k, fr), val)
        return AV(dicts=[d])

    def e_List(self, e, fr):
        items = []
        for x in e.elts:
            if isinstance(x, ast.Starred):
                items.append(self.iter_elem(self.eval(x.value, fr)))
            else:
                items.append(self.eval(x, fr))
        return AV(lists=[ListObj(items)])

    e_Set = e_List

    def e_Tuple(self, e, fr):
        if any(isinstance(x, ast.Starred) for x in e.elts):
            return self.e_List(e, fr)
        return AV(tuples=[TupleObj([self.eval(x, fr) for x in e.elts])])

    def e_JoinedStr(self, e, fr):
        for v in e.values:
            self.eval(v, fr)
        if all(isinstance(v, ast.Constant) for v in e.values):
            return C("".join(v.value for v in e.values))
        return STRING

    def e_FormattedValue(self, e, fr):
        self.eval(e.value, fr)
        if e.format_spec is not None:
            self.eval(e.format_spec, fr)
        return STRING

    def e_Lambda(self, e, fr):
        return AV(funcs=[FuncRef(fr.mod, e, fr, f"{fr.key}.<lambda>@{e.lineno}:{e.col_offset}")])

    def e_NamedExpr(self, e, fr):
        v = self.eval(e.value, fr)
        self.assign(e.target, v, fr)
        return v

    def e_Starred(self, e, fr):
        return self.eval(e.value, fr)

    def e_Await(self, e, fr):
        return self.eval(e.value, fr)

    def e_Yield(self, e, fr):
        fr.yields.append(self.eval(e.value, fr) if e.value is not None else NONE)
        return UNKNOWN

    def e_YieldFrom(self, e, fr):
        fr.yields.append(self.iter_elem(self.eval(e.value, fr)))
        return UNKNOWN

    def e_IfExp(self, e, fr):
        t = self.eval(e.test, fr)
        tv = truth(t)
        base = fr.env
        if tv is not False:
            fr.env = dict(base)
            self.narrow(e.test, fr, True)
            a = self.eval(e.body, fr)
        else:
            a = EMPTY
        if tv is not True:
            fr.env = dict(base)
            self.narrow(e.test, fr, False)
            b = self.eval(e.orelse, fr)
        else:
            b = EMPTY
        fr.env = base
        return join(a, b)

    def e_BoolOp(self, e, fr):
        vals = []
        if isinstance(e.op, ast.Or):
            for i, x in enumerate(e.values):
                v = self.eval(x, fr)
                tv = truth(v)
                last = i == len(e.values) - 1
                if tv is False and not last:
                    continue
                vals.append(v if last or tv is True else truthy_part(v))
                if tv is True:
                    break
            return join(*vals) if vals else NONE
        for i, x in enumerate(e.values):
            v = self.eval(x, fr)
            tv = truth(v)
            if tv is False:
                return v
            vals.append(v)
        if all(truth(v) is True for v in vals):
            return vals[-1]
        return join(*vals)

    def e_UnaryOp(self, e, fr):
        v = self.eval(e.operand, fr)
        if isinstance(e.op, ast.Not):
            tv = truth(v)
            return C(not tv) if tv is not None else BOOL
        vals = const_values(v)
        if vals is not None and all(isinstance(x, (int, float)) for x in vals):
            if isinstance(e.op, ast.USub):
                return join(*(C(-x) for x in vals))
        return v.replace(consts=(), kinds={"int" if t == "int" else "float"
                                           for t, _ in v.consts if t in ("int", "float")} | v.kinds)

    def e_BinOp(self, e, fr):
        return self.binop(e.op, self.eval(e.left, fr), self.eval(e.right, fr))

    def binop(self, op, a, b):
        if isinstance(op, ast.Mod) and (a.str_consts() or "string" in a.kinds):
            return STRING
        if isinstance(op, (ast.Add, ast.BitOr, ast.Sub, ast.BitAnd)) and \
                (a.lists or a.tuples or b.lists or b.tuples):
            items = [self.iter_elem(a)] if isinstance(op, (ast.Sub, ast.BitAnd)) else \
                [self.iter_elem(a), self.iter_elem(b)]
            res = AV(lists=[ListObj(items)])
            if isinstance(op, ast.Sub):
                srcs = [lo.src_dict for lo in a.lists if lo.src_dict is not None]
                allowed = self.iter_elem(b)
                if len(srcs) == 1 and allowed.scalar_only():
                    res = res.replace(keyminus=(srcs[0], frozenset(allowed.str_consts())))
            return res
        if isinstance(op, ast.Add) and (a.str_consts() or "string" in a.kinds or
                                        b.str_consts() or "string" in b.kinds):
            return STRING
        kinds = set()
        for v in (a, b):
            kinds |= {t for t, _ in v.consts} | set(v.kinds)
        if isinstance(op, ast.Div) or "float" in kinds:
            return K("float")
        if kinds and kinds <= {"int", "bool"}:
            return INT
        return UNKNOWN

    def e_Compare(self, e, fr):
        left = self.eval(e.left, fr)
        comps = [self.eval(c, fr) for c in e.comparators]
        if len(e.ops) == 1:
            r = self.definite_compare(e.ops[0], left, comps[0])
            if r is not None:
                return C(r)
        return BOOL

    def definite_compare(self, op, a, b):
        if isinstance(op, (ast.Is, ast.IsNot)):
            if b.kinds == {"none"} and b.scalar_only() and not b.consts:
                if a.kinds == {"none"} and not a.consts and a.scalar_only():
                    res = True
                elif not a.empty() and not (a.kinds & {"none", "unknown"}) and not a.paths:
                    res = False
                else:
                    return None
                return res if isinstance(op, ast.Is) else not res
            return None
        av = const_values(a)
        if av is None:
            return None
        if isinstance(op, (ast.Eq, ast.NotEq)):
            bv = const_values(b)
            if bv is None:
                return None
            results = {x == y for x in av for y in bv}
        elif isinstance(op, (ast.In, ast.NotIn)):
            if b.scalar_only() and b.str_consts() and not b.kinds:
                results = {x in y for x in av for y in b.str_consts() if isinstance(x, str)}
                if not results:
                    return None
            else:
                pool = []
                ok = not (b.paths or b.kinds or b.consts or b.funcs)
                for d in b.dicts:
                    if d.dyn_keys is not None or d.spreads or d.opaque:
                        ok = False
                    pool.extend(d.fields)
                for lo in b.lists:
                    for it in lo.items:
                        vals = const_values(it)
                        if vals is None:
                            ok = False
                        else:
                            pool.extend(vals)
                for tp in b.tuples:
                    for it in tp.elts:
                        vals = const_values(it)
                        if vals is None:
                            ok = False
                        else:
                            pool.extend(vals)
                if not ok:
                    return None
                results = {x in pool for x in av}
            if isinstance(op, ast.NotIn):
                results = {not r for r in results}
            return results.pop() if len(results) == 1 else None
        else:
            return None
        if isinstance(op, ast.NotEq):
            results = {not r for r in results}
        return results.pop() if len(results) == 1 else None

    def comprehension(self, e, fr, make):
        base = fr.env
        fr.env = dict(base)
        parent = self.block
        self.block = parent + (self.new_block(),)
        out = []

        def rec(i):
            if i == len(e.generators):
                out.append(make())
                return
            g = e.generators[i]
            self.assign(g.target, self.iter_elem(self.eval(g.iter, fr)), fr)
            for cond in g.ifs:
                self.eval(cond, fr)
                self.narrow(cond, fr, True)
            rec(i + 1)

        rec(0)
        self.block = parent
        fr.env = base
        return out

    def e_ListComp(self, e, fr):
        items = self.comprehension(e, fr, lambda: self.eval(e.elt, fr))
        return AV(lists=[ListObj(items)])

    e_SetComp = e_ListComp
    e_GeneratorExp = e_ListComp

    def e_DictComp(self, e, fr):
        g = e.generators[0] if len(e.generators) == 1 else None
        # {k: v for k, v in d.items() if ...} over known dicts: unrolled per key.
        if g is not None and isinstance(g.iter, ast.Call) and isinstance(g.iter.func, ast.Attribute) \
                and g.iter.func.attr == "items" and not g.iter.args and \
                isinstance(g.target, ast.Tuple) and len(g.target.elts) == 2 and \
                all(isinstance(t, ast.Name) for t in g.target.elts):
            src = self.eval(g.iter.func.value, fr)
            if src.dicts and not src.paths:
                out = DictObj(self.block)
                base = fr.env
                for d in src.dicts:
                    for key, field in list(d.fields.items()):
                        fr.env = dict(base)
                        fr.env[g.target.elts[0].id] = C(key)
                        fr.env[g.target.elts[1].id] = field.av
                        keep = field_always_at(field, self.block)
                        skip = False
                        for cond in g.ifs:
                            tv = truth(self.eval(cond, fr))
                            if tv is False:
                                skip = True
                            elif tv is None:
                                keep = False
                            self.narrow(cond, fr, True)
                        if skip:
                            continue
                        kv = self.eval(e.key, fr)
                        vv = self.eval(e.value, fr)
                        for k in kv.str_consts():
                            self.set_field(out, k, vv, keep and len(kv.str_consts()) == 1)
                    out.spreads.extend(d.spreads)
                    out.opaque = out.opaque or d.opaque
                    if d.dyn_keys is not None:
                        out.dyn_keys = join(out.dyn_keys, d.dyn_keys)
                        out.dyn_vals = join(out.dyn_vals, d.dyn_vals)
                fr.env = base
                return AV(dicts=[out])
        out = DictObj(self.block)
        pairs = self.comprehension(e, fr, lambda: (self.eval(e.key, fr), self.eval(e.value, fr)))
        for k, v in pairs:
            out.dyn_keys = join(out.dyn_keys, k)
            out.dyn_vals = join(out.dyn_vals, v)
        return AV(dicts=[out])

    # -- dict / list operations ----------------------------------------------------------

    def set_field(self, d, key, val, always):
        stamps = [self.block] if always else []
        if key in d.fields:
            f = d.fields[key]
            f.av = join(f.av, val)
            f.stamps.extend(stamps)
        else:
            d.fields[key] = Field(val, stamps)
        self.mutations.append((d, key, self.block))

    def set_item(self, obj, key, val):
        keys = const_key(key)
        for d in obj.dicts:
            if keys:
                for k in keys:
                    self.set_field(d, k, val, len(keys) == 1)
            else:
                d.dyn_keys = join(d.dyn_keys, key)
                d.dyn_vals = join(d.dyn_vals, val)
        for sa, path in obj.paths:
            for k in keys:
                self.written.setdefault(sa, set()).add(path + (k,))
        for lo in obj.lists:
            lo.items.append(val)

    def spread_into(self, d, val):
        """{**val} / d.update(val): copy what is known now."""
        if val.dicts:
            keys = set().union(*(s.fields for s in val.dicts))
            for k in sorted(keys):
                present = [s.fields.get(k) for s in val.dicts]
                always = not val.paths and all(
                    f is not None and field_always_at(f, self.block) for f in present)
                self.set_field(d, k, join(*(f.av for f in present if f is not None)), always)
            for s in val.dicts:
                d.spreads.extend(s.spreads)
                d.opaque = d.opaque or s.opaque
                if s.dyn_keys is not None:
                    d.dyn_keys = join(d.dyn_keys, s.dyn_keys)
                    d.dyn_vals = join(d.dyn_vals, s.dyn_vals)
        if val.paths:
            d.spreads.append(AV(paths=val.paths))
        if val.kinds - {"none"} or val.lists or val.tuples:
            d.opaque = True

    def copy_av(self, av):
        parts = []
        for s in av.dicts:
            d = DictObj(self.block)
            self.spread_into(d, AV(dicts=[s]))
            parts.append(AV(dicts=[d]))
        rest = av.replace(dicts=(), fork=None)
        return join(*parts, rest if not rest.empty() else None)

    def get_item(self, obj, key, key_expr, fr, is_get, default):
        parts = []
        keys = key.str_consts()
        ints = [v for t, v in key.consts if t == "int"]
        for sa, path in obj.paths:
            for k in keys:
                p = path + (k,)
                self.record_read(sa, p)
                parts.append(AV(paths=[(sa, p)], kinds=["none"] if is_get else []))
            if ints or "int" in key.kinds:
                parts.append(AV(paths=[(sa, path + ("[]",))]))
        ckeys = const_key(key)
        for d in obj.dicts:
            if ckeys:
                for k in ckeys:
                    f = d.fields.get(k)
                    if f is not None:
                        parts.append(f.av)
                        if not (field_always_at(f, self.block) or field_always_at(f, d.origin)):
                            for s in d.spreads:
                                parts.append(self.get_item(s, C(k), None, fr, is_get, None))
                            if is_get:
                                parts.append(default or NONE)
                    else:
                        for s in d.spreads:
                            parts.append(self.get_item(s, C(k), None, fr, is_get, None))
                        if d.dyn_vals is not None:
                            parts.append(d.dyn_vals)
                        if is_get:
                            parts.append(default or NONE)
            else:
                vals = [f.av for f in d.fields.values()]
                if d.dyn_vals is not None:
                    vals.append(d.dyn_vals)
                v = join(*vals)
                if d.fields and d.dyn_keys is None and not d.spreads and not d.opaque:
                    var = None
                    if isinstance(key_expr, ast.Name):
                        var = key_expr.id
                    elif isinstance(key_expr, ast.Call) and isinstance(key_expr.func, ast.Attribute) \
                            and key_expr.func.attr in STR_SAME and isinstance(key_expr.func.value, ast.Name):
                        var = key_expr.func.value.id
                    if var is not None and var in fr.env:
                        v = v.replace(fork=(fr.token, var, frozenset(d.fields)))
                parts.append(v)
                if is_get:
                    parts.append(default or NONE)
        for lo in obj.lists:
            parts.extend(lo.items)
        for tp in obj.tuples:
            if ints and all(-len(tp.elts) <= i < len(tp.elts) for i in ints):
                parts.extend(tp.elts[i] for i in ints)
            else:
                parts.extend(tp.elts)
        if obj.str_consts() or "string" in obj.kinds:
            parts.append(STRING)
        if obj.kinds & {"object", "list", "unknown"}:
            parts.append(UNKNOWN)
        res = join(*parts)
        if default is not None and obj.paths:
            res = join(res, default)
        return res if not res.empty() else UNKNOWN

    def iter_elem(self, av):
        parts = []
        for sa, path in av.paths:
            parts.append(AV(paths=[(sa, path + ("[]",))]))
        for lo in av.lists:
            parts.extend(lo.items)
        for tp in av.tuples:
            parts.extend(tp.elts)
        for d in av.dicts:
            parts.append(join(*(C(k) for k in d.fields)))
            if d.dyn_keys is not None:
                parts.append(d.dyn_keys)
        if av.str_consts() or "string" in av.kinds:
            parts.append(STRING)
        if av.kinds & {"object", "list", "unknown"}:
            parts.append(UNKNOWN)
        res = join(*parts)
        return res if not res.empty() else UNKNOWN

    def read_columns(self, rows, columns, json_fields):
        elem = self.iter_elem(rows)
        keys = set()
        for cols in (columns, json_fields):
            if cols is None:
                continue
            for c in self.iter_elem(cols).tuples:
                if c.elts:
                    keys.update(c.elts[0].str_consts())
            keys.update(self.iter_elem(cols).str_consts())
        for k in sorted(keys):
            self.get_item(elem, C(k), None, None, True, None)

    # -- calls --------------------------------------------------------------------------------

    def eval_args(self, node, fr):
        args, exprs, kwargs, kw_exprs = [], [], {}, {}
        for a in node.args:
            if isinstance(a, ast.Starred):
                self.eval(a.value, fr)
                args.append(UNKNOWN)
                exprs.append(None)
            else:
                args.append(self.eval(a, fr))
                exprs.append(a)
        for kw in node.keywords:
            v = self.eval(kw.value, fr)
            if kw.arg is None:
                for d in v.dicts:
                    for k, f in d.fields.items():
                        kwargs[k] = f.av
            else:
                kwargs[kw.arg] = v
                kw_exprs[kw.arg] = kw.value
        return args, exprs, kwargs, kw_exprs

    def e_Call(self, node, fr):
        func = node.func
        if isinstance(func, ast.Name) and func.id in BUILTINS and self.lookup(func.id, fr) is None:
            return self.builtin(func.id, node, fr)
        recv = None
        if isinstance(func, ast.Attribute) and func.attr == "fromkeys" and \
                isinstance(func.value, ast.Name) and func.value.id == "dict" and \
                self.lookup("dict", fr) is None:
            args, _, _, _ = self.eval_args(node, fr)
            d = DictObj(self.block)
            d.dyn_keys = self.iter_elem(args[0]) if args else UNKNOWN
            d.dyn_vals = args[1] if len(args) > 1 else NONE
            return AV(dicts=[d])
        if isinstance(func, ast.Attribute):
            recv = self.eval(func.value, fr)
            if recv.mods:
                callee = self.e_Attribute(func, fr)
            elif recv.classes and not (recv.dicts or recv.paths or recv.lists):
                callee = UNKNOWN
            else:
                return self.method(recv, func.attr, node, fr)
        else:
            callee = self.eval(func, fr)
        args, exprs, kwargs, kw_exprs = self.eval_args(node, fr)
        return self.call_value(callee, args, exprs, kwargs, kw_exprs, node, fr)

    def call_value(self, callee, args, exprs, kwargs, kw_exprs, node, fr):
        parts = []
        for fref in callee.funcs:
            parts.append(self.call_func(fref, args, kwargs, node, fr, exprs, kw_exprs))
        for cref in callee.classes:
            parts.append(AV(sdk=True) if id(cref.node) in self.adapters else UNKNOWN)
        if not parts:
            self.conventions(node, args, kwargs, None)
            return UNKNOWN
        return join(*parts)

    def conventions(self, node, args, kwargs, attr):
        """Renderer-style calls: rows=..., columns=(("Key", "LABEL"), ...), json_fields=(...)."""
        if "rows" in kwargs and ("columns" in kwargs or "json_fields" in kwargs):
            self.read_columns(kwargs["rows"], kwargs.get("columns"), kwargs.get("json_fields"))
        elif attr == "table" and len(args) >= 2:
            self.read_columns(args[0], args[1], None)

    def apply_fn(self, fav, elem, node, fr):
        if fav.funcs:
            return self.call_value(fav, [elem], [None], {}, {}, node, fr)
        return UNKNOWN

    def builtin(self, name, node, fr):
        args, exprs, kwargs, kw_exprs = self.eval_args(node, fr)
        a0 = args[0] if args else None
        if name == "dict":
            if a0 is None:
                d = DictObj(self.block)
                for k, v in kwargs.items():
                    self.set_field(d, k, v, True)
                return AV(dicts=[d])
            res = self.copy_av(a0)
            if a0.lists or a0.tuples:
                d = DictObj(self.block)
                for pair in self.iter_elem(a0).tuples:
                    if len(pair.elts) == 2:
                        d.dyn_keys = join(d.dyn_keys, pair.elts[0])
                        d.dyn_vals = join(d.dyn_vals, pair.elts[1])
                res = join(res.replace(lists=(), tuples=()), AV(dicts=[d]))
            return res
        if name in ("list", "tuple", "sorted", "reversed", "set", "frozenset", "iter"):
            if a0 is None:
                return AV(lists=[ListObj()])
            elem = self.iter_elem(a0)
            if "key" in kwargs:
                self.apply_fn(kwargs["key"], elem, node, fr)
            if a0.paths and name != "set" and name != "frozenset":
                rest = a0.replace(paths=(), fork=None)
                out = AV(paths=a0.paths)
                if not rest.empty():
                    out = join(out, AV(lists=[ListObj([self.iter_elem(rest)])]))
                return out
            src = a0.dicts[0] if len(a0.dicts) == 1 else None
            lo = ListObj([elem], src_dict=src)
            return AV(lists=[lo], keyminus=a0.keyminus)
        if name == "str" or name == "repr" or name == "format":
            if a0 is not None and a0.str_consts() and a0.kinds <= {"string"} and a0.scalar_only():
                return a0.replace(kinds=a0.kinds - {"none"})
            return STRING
        if name == "int":
            vals = const_values(a0) if a0 is not None else None
            if vals and all(isinstance(v, int) for v in vals):
                return a0
            return INT
        if name in ("len", "id", "hash"):
            return INT
        if name == "float":
            return K("float")
        if name in ("bool", "isinstance", "hasattr", "callable"):
            if name == "bool" and a0 is not None:
                tv = truth(a0)
                if tv is not None:
                    return C(tv)
            return BOOL
        if name in ("any", "all"):
            return BOOL
        if name == "next":
            elem = self.iter_elem(a0) if a0 is not None else UNKNOWN
            return join(elem, args[1]) if len(args) > 1 else elem
        if name in ("max", "min"):
            if len(args) == 1:
                elem = self.iter_elem(a0)
            else:
                elem = join(*args)
            if "key" in kwargs:
                self.apply_fn(kwargs["key"], elem, node, fr)
            return join(elem, kwargs.get("default"))
        if name in ("abs", "round", "sum"):
            if a0 is not None and (a0.kinds | {t for t, _ in a0.consts}) & {"float"}:
                return K("float")
            return INT if name != "sum" else join(INT, self.iter_elem(a0) if a0 else EMPTY)
        if name == "enumerate":
            return AV(lists=[ListObj([AV(tuples=[TupleObj([INT, self.iter_elem(a0)])])])])
        if name == "zip":
            return AV(lists=[ListObj([AV(tuples=[TupleObj([self.iter_elem(a) for a in args])])])])
        if name == "range":
            return AV(lists=[ListObj([INT])])
        if name == "map" and len(args) >= 2:
            return AV(lists=[ListObj([self.apply_fn(a0, self.iter_elem(args[1]), node, fr)])])
        if name == "filter" and len(args) >= 2:
            elem = self.iter_elem(args[1])
            self.apply_fn(a0, elem, node, fr)
            return AV(lists=[ListObj([elem])])
        return UNKNOWN

    def method(self, recv, attr, node, fr):
        args, exprs, kwargs, kw_exprs = self.eval_args(node, fr)
        a0 = args[0] if args else None
        parts = []
        if recv.sdk and attr in ("invoke", "download"):
            action = a0 if a0 is not None else kwargs.get("action", EMPTY)
            params = args[1] if len(args) > 1 else kwargs.get("params", EMPTY)
            sas = self.resolve_action(action, node, fr, exprs[0] if exprs else None)
            if sas:
                snap = self.snapshot(params)
                for sa in sorted(sas):
                    self.log.append(("req", sa, snap))
                if attr == "invoke":
                    parts.append(AV(paths=[(sa, ()) for sa in sas]))
            parts.append(UNKNOWN)
            return join(*parts)
        self.conventions(node, args, kwargs, attr)
        # dicts
        for d in recv.dicts:
            dav = AV(dicts=[d])
            if attr == "get" and a0 is not None:
                parts.append(self.get_item(dav, a0, exprs[0], fr, True,
                                           args[1] if len(args) > 1 else None))
            elif attr == "items":
                keys = self.iter_elem(dav)
                vals = join(*(f.av for f in d.fields.values()), d.dyn_vals)
                parts.append(AV(lists=[ListObj([AV(tuples=[TupleObj([keys, vals or UNKNOWN])])])]))
                for s in d.spreads:
                    parts.append(self.method(s, "items", node, fr))
            elif attr == "keys":
                parts.append(AV(lists=[ListObj([self.iter_elem(dav)], src_dict=d)]))
            elif attr == "values":
                parts.append(AV(lists=[ListObj([join(*(f.av for f in d.fields.values()),
                                                     d.dyn_vals)])]))
            elif attr == "update":
                if a0 is not None:
                    self.spread_into(d, a0)
                for k, v in kwargs.items():
                    self.set_field(d, k, v, True)
                parts.append(NONE)
            elif attr == "setdefault" and a0 is not None:
                default = args[1] if len(args) > 1 else NONE
                keys = const_key(a0)
                if keys:
                    for k in keys:
                        if k in d.fields:
                            parts.append(d.fields[k].av)
                            if not field_always_at(d.fields[k], self.block):
                                self.set_field(d, k, default, False)
                                parts.append(default)
                        else:
                            self.set_field(d, k, default, len(keys) == 1)
                            parts.append(default)
                else:
                    d.dyn_keys = join(d.dyn_keys, a0)
                    d.dyn_vals = join(d.dyn_vals, default)
                    parts.append(d.dyn_vals)
            elif attr == "pop" and a0 is not None:
                parts.append(self.get_item(dav, a0, exprs[0], fr, True,
                                           args[1] if len(args) > 1 else None))
                for k in a0.str_consts():
                    if k in d.fields:
                        d.fields[k].stamps = []
            elif attr == "copy":
                parts.append(self.copy_av(dav))
        # response paths
        if recv.paths:
            pav = AV(paths=recv.paths)
            if attr in ("get", "setdefault", "pop") and a0 is not None:
                parts.append(self.get_item(pav, a0, exprs[0], fr, True,
                                           args[1] if len(args) > 1 else None))
            elif attr == "items":
                vals = AV(paths=[(sa, p + ("*",)) for sa, p in recv.paths])
                parts.append(AV(lists=[ListObj([AV(tuples=[TupleObj([STRING, vals])])])]))
            elif attr == "values":
                parts.append(AV(lists=[ListObj([AV(paths=[(sa, p + ("*",)) for sa, p in recv.paths])])]))
            elif attr == "keys":
                parts.append(AV(lists=[ListObj([STRING])]))
            elif attr == "copy":
                parts.append(pav)
            else:
                parts.append(UNKNOWN)
        # lists
        for lo in recv.lists:
            if attr in ("append", "add") and a0 is not None:
                lo.items.append(a0)
                parts.append(NONE)
            elif attr == "insert" and len(args) > 1:
                lo.items.append(args[1])
                parts.append(NONE)
            elif attr in ("extend", "update") and a0 is not None:
                lo.items.append(self.iter_elem(a0))
                parts.append(NONE)
            elif attr == "pop":
                parts.append(join(*lo.items))
            elif attr == "copy":
                parts.append(AV(lists=[ListObj(lo.items)]))
            elif attr in ("index", "count"):
                parts.append(INT)
        # strings
        strs = recv.str_consts()
        if strs or "string" in recv.kinds:
            if attr in STR_SAME:
                folded = [C(getattr(s, attr)()) for s in strs]
                parts.append(join(*folded, STRING if "string" in recv.kinds else None))
            elif attr in STR_TO_STR:
                parts.append(STRING)
            elif attr in ("split", "rsplit", "splitlines"):
                parts.append(AV(lists=[ListObj([STRING])]))
            elif attr in ("partition", "rpartition"):
                parts.append(AV(tuples=[TupleObj([STRING, STRING, STRING])]))
            elif attr in STR_TO_BOOL:
                parts.append(BOOL)
            elif attr in ("find", "rfind", "index", "count"):
                parts.append(INT)
            elif attr == "encode":
                parts.append(UNKNOWN)
        res = join(*parts)
        return res if not res.empty() else UNKNOWN

    # -- request summaries -------------------------------------------------------------------

    def snapshot(self, av):
        """The parameters as the sink sees them now: {key: (VS, always)}, opaque flag."""
        evals = []
        for d in av.dicts:
            fields = {}
            for k, f in d.fields.items():
                vs = self.summarize(f.av, 0)
                fields[k] = (vs, field_always_at(f, self.block) and not vs["none"])
            evals.append((fields, d.opaque or bool(d.spreads) or d.dyn_vals is not None))
        if not evals:
            return ({}, True)
        return merge_evals(evals)

    def summarize(self, av, depth):
        vs = {"kinds": set(), "values": set(), "none": "none" in av.kinds, "fields": None,
              "item": None}
        vs["kinds"] |= av.kinds - {"none"}
        for t, v in av.consts:
            vs["kinds"].add({"str": "string"}.get(t, t))
            vs["values"].add(wire(v))
        if av.paths or av.funcs or av.sdk or av.mods or av.classes or av.sites:
            vs["kinds"].add("unknown")
        if depth > 6:
            if av.dicts:
                vs["kinds"].add("object")
            if av.lists or av.tuples:
                vs["kinds"].add("list")
            return vs
        if av.dicts:
            vs["kinds"].add("object")
            evals = []
            for d in av.dicts:
                fields = {}
                for k, f in d.fields.items():
                    sub = self.summarize(f.av, depth + 1)
                    fields[k] = (sub, field_always_at(f, d.origin) and not sub["none"])
                evals.append((fields, d.opaque or bool(d.spreads)))
            vs["fields"] = merge_evals(evals)[0]
        if av.lists or av.tuples:
            vs["kinds"].add("list")
            items = [it for lo in av.lists for it in lo.items] + \
                [it for tp in av.tuples for it in tp.elts]
            if items:
                vs["item"] = merge_vs([self.summarize(it, depth + 1) for it in items])
        return vs


def wire(v):
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, float) and v % 1 == 0:
        return str(int(v))
    return str(v)


def merge_vs(list_vs):
    out = {"kinds": set(), "values": set(), "none": False, "fields": None, "item": None}
    field_sets = []
    items = []
    for vs in list_vs:
        out["kinds"] |= vs["kinds"]
        out["values"] |= vs["values"]
        out["none"] = out["none"] or vs["none"]
        if vs["fields"] is not None:
            field_sets.append((vs["fields"], False))
        if vs["item"] is not None:
            items.append(vs["item"])
    if field_sets:
        out["fields"] = merge_evals(field_sets)[0]
    if items:
        out["item"] = merge_vs(items)
    return out


def merge_evals(evals):
    """Alternatives: a key is always present when every non-opaque alternative has it always."""
    keys = set().union(*(f for f, _ in evals)) if evals else set()
    out = {}
    for k in keys:
        present = [f[k] for f, _ in evals if k in f]
        always = all(k in f and f[k][1] or (k not in f and opaque) for f, opaque in evals) and \
            all(a for _, a in present)
        out[k] = (merge_vs([vs for vs, _ in present]), always)
    return out, any(o for _, o in evals)


def resolve_kind(kinds):
    known = set(kinds) - {"unknown", "none"}
    if len(known) == 1:
        return known.pop()
    if known == {"int", "float"}:
        return "float"
    return "unknown"


def field_json(vs, always):
    kind = resolve_kind(vs["kinds"])
    out = {"kind": kind, "always": always}
    if vs["values"] and kind not in ("object", "list"):
        out["values"] = sorted(vs["values"])
    if kind == "object" and vs["fields"]:
        out["fields"] = fields_json(vs["fields"])
    if kind == "list" and vs["item"] is not None:
        item = vs["item"]
        ik = resolve_kind(item["kinds"])
        if ik == "object" and item["fields"]:
            out["fields"] = fields_json(item["fields"])
        else:
            out["items"] = ik
            if item["values"]:
                out["values"] = sorted(item["values"])
    return out


def fields_json(fields):
    return {k: field_json(vs, a) for k, (vs, a) in sorted(fields.items())}


def path_text(path):
    s = ""
    for seg in path:
        if seg == "[]":
            s += "[]"
        else:
            s += ("." if s else "") + seg
    return s


# ---------------------------------------------------------------------------------------------
# Driver


def locate(source):
    if source:
        root = Path(source)
    else:
        spec = importlib.util.find_spec(PACKAGE)
        if spec is None or not spec.submodule_search_locations:
            sys.exit(f"{PACKAGE} is not installed; pass --source DIR")
        root = Path(list(spec.submodule_search_locations)[0])
    if not (root / "__init__.py").exists():
        sys.exit(f"{root} is not the {PACKAGE} package directory")
    return root


def build(root: Path):
    an = Analysis(root)
    version_av = an.global_lookup(an.mods[PACKAGE], "__version__") or EMPTY
    version = (version_av.str_consts() or ["unknown"])[0]
    dist = list(root.parent.glob(f"{PACKAGE.replace('_', '-')}-*.dist-info")) + \
        list(root.parent.glob(f"{PACKAGE}-*.dist-info"))
    origin = "PyPI" if dist else "source tree"

    def action_set(name):
        m = an.mods.get(PACKAGE + ".actions")
        av = an.global_lookup(m, name) if m else None
        if av is None:
            an.warnings.add(f"actions.{name} not found")
            return set()
        out = set()
        stack = [av]
        while stack:
            v = stack.pop()
            out.update(v.str_consts())
            for lo in v.lists:
                stack.extend(lo.items)
            for tp in v.tuples:
                stack.extend(tp.elts)
        return out

    public = action_set("PUBLIC_ACTIONS")
    unavailable = action_set("UNAVAILABLE_ACTIONS")

    for m in sorted(an.mods.values(), key=lambda x: x.rel):
        an.module_env(m)
        for node in m.tree.body:
            targets = []
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                targets.append((node, m.rel + ":" + node.name, False))
            elif isinstance(node, ast.ClassDef) and id(node) not in an.adapters:
                for item in node.body:
                    if isinstance(item, (ast.FunctionDef, ast.AsyncFunctionDef)):
                        is_method = not any(name_of(d) == "staticmethod" for d in item.decorator_list)
                        targets.append((item, f"{m.rel}:{node.name}.{item.name}", is_method))
            for fn, key, is_method in targets:
                try:
                    an.run_entry(m, fn, key, is_method)
                except ForkRequest:
                    an.warnings.add(f"{key}: unresolved re-analysis request, skipped")
                except Exception as error:  # new syntax or idioms: say so, keep the rest
                    an.warnings.add(f"{key}: analysis failed ({type(error).__name__}: {error})")

    calls, reqs, reads, vias, unresolved = {}, {}, {}, {}, set()
    for rec in an.log:
        kind = rec[0]
        if kind == "call":
            (site, action) = rec[1]
            calls.setdefault(action, set()).add(site)
        elif kind == "req":
            reqs.setdefault(rec[1][1], []).append(rec[2])
        elif kind == "read":
            reads.setdefault(rec[1][1], set()).add(rec[2])
        elif kind == "via":
            vias.setdefault(rec[1][1], set()).add(rec[2])
        elif kind == "unresolved":
            unresolved.add(rec[1])
    retry = an.retry_table()
    hints = an.hints()
    json_body = an.json_actions()

    actions = {}
    for action in sorted(public | set(calls)):
        evals = reqs.get(action, [])
        fields = merge_evals(evals)[0] if evals else {}
        paths = {p for p in reads.get(action, set()) if p and p[0] not in ENVELOPE}
        leaves = sorted(path_text(p) for p in paths
                        if not any(len(q) > len(p) and q[: len(p)] == p for q in paths))
        codes = set()
        for wid in vias.get(action, ()):
            for cs, filt in retry.get(wid, ()):
                if filt is None or action in filt:
                    codes.update(cs)
        actions[action] = {
            "body": "json" if action in json_body else "form",
            "request": fields_json(fields),
            "response": leaves,
            "retry_codes": sorted(codes),
            "hints": dict(sorted(hints.get(action, {}).items())),
            "call_sites": [f"{f}:{line}" for f, line in sorted(calls.get(action, ()))],
        }
    doc = {
        "source": f"compshare-cli {version} ({origin}), extracted by scripts/cli-reference.py",
        "version": version,
        "public_actions": sorted(public),
        "unavailable_actions": sorted(unavailable),
        "other_actions_called": sorted(set(calls) - public),
        "not_called": sorted(public - set(calls)),
        "actions": actions,
    }
    if unresolved:
        doc["unresolved_call_sites"] = [f"{f}:{line}" for f, line in sorted(unresolved)]
    for w in sorted(an.warnings):
        print(f"cli-reference: warning: {w}", file=sys.stderr)
    return doc


def render(doc):
    return json.dumps(doc, indent=1, sort_keys=True, ensure_ascii=False) + "\n"


def _plus_minus(old, new, label):
    old, new = set(old), set(new)
    out = [f"+{x}" for x in sorted(new - old)] + [f"-{x}" for x in sorted(old - new)]
    return [f"{label} " + " ".join(out)] if out else []


def diff_summary(old, new, limit=40):
    """One line per changed top-level key or action."""
    lines = []
    for key in sorted((set(old) | set(new)) - {"actions"}):
        a, b = old.get(key), new.get(key)
        if a == b:
            continue
        if isinstance(a, list) and isinstance(b, list):
            lines += _plus_minus(a, b, key + ":")
        else:
            lines.append(f"{key}: {json.dumps(a)} -> {json.dumps(b)}")
    oa, na = old.get("actions", {}), new.get("actions", {})
    lines += _plus_minus(oa, na, "actions:")
    for name in sorted(set(oa) & set(na)):
        a, b = oa[name], na[name]
        if a == b:
            continue
        parts = []
        ra, rb = a.get("request", {}), b.get("request", {})
        changed = [f"~{k}" for k in sorted(set(ra) & set(rb)) if ra[k] != rb[k]]
        req = _plus_minus(ra, rb, "request")
        if changed:
            req = [(req[0] if req else "request") + " " + " ".join(changed)]
        parts += req
        parts += _plus_minus(a.get("response", []), b.get("response", []), "response")
        for key in ("body", "retry_codes", "hints"):
            if a.get(key) != b.get(key):
                parts.append(f"{key} {json.dumps(a.get(key))} -> {json.dumps(b.get(key))}")
        sa, sb = a.get("call_sites", []), b.get("call_sites", [])
        if sa != sb:
            files = lambda xs: sorted(x.rsplit(":", 1)[0] for x in xs)
            parts += ["call sites moved"] if files(sa) == files(sb) else \
                _plus_minus(sa, sb, "call_sites")
        extra = sorted(set(a) ^ set(b))
        if extra:
            parts.append("keys " + " ".join(extra))
        lines.append(f"{name}: " + "; ".join(parts))
    if len(lines) > limit:
        lines = lines[:limit] + [f"... and {len(lines) - limit} more"]
    return lines


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--source", help="compshare_cli package directory (default: installed)")
    ap.add_argument("--check", metavar="FILE", help="exit 1 if FILE differs from the output")
    opts = ap.parse_args()
    result = {}

    def work():
        result["doc"] = build(locate(opts.source))

    # The interpreter recurses over nested ASTs and inlined calls: give it room.
    sys.setrecursionlimit(100000)
    threading.stack_size(512 * 1024 * 1024)
    t = threading.Thread(target=work)
    t.start()
    t.join()
    if "doc" not in result:
        sys.exit(2)
    text = render(result["doc"])
    if opts.check:
        try:
            current = Path(opts.check).read_text(encoding="utf-8")
        except OSError as error:
            sys.exit(f"{opts.check}: {error}")
        if current == text:
            return
        try:
            lines = diff_summary(json.loads(current), result["doc"])
        except ValueError:
            lines = ["(not valid JSON)"]
        print(f"{opts.check} differs from the extracted reference "
              f"(regenerate with scripts/cli-reference.py > {opts.check}):", file=sys.stderr)
        for line in lines or ["(formatting only)"]:
            print("  " + line, file=sys.stderr)
        sys.exit(1)
    sys.stdout.write(text)


if __name__ == "__main__":
    main()
