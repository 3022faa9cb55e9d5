"""The Jinja environment over the theme (strict, autoescaping, its filters), and one page
rendered through it, template problems reported at the template's line."""

from __future__ import annotations

import re
import shutil
import time
import traceback
from collections.abc import Mapping, MutableMapping
from contextlib import suppress
from io import StringIO
from pathlib import Path
from typing import Any, cast

import jinja2
from jinja2 import nodes
from jinja2.compiler import CodeGenerator, Frame, optimizeconst

from .config import SiteConfig
from .errors import BuildFailed, Diagnostic, error
from .fragments import FragmentCache
from .inline_text import title_html, title_text
from .model import Html
from .themes import PACKAGE_THEMES, SOURCE_THEMES, theme_dirs
from .urls import Urls
from .views import Page, escape_text
from .xmltext import utf8, xml_utf8

_ENVIRONMENTS: dict[tuple[SiteConfig, object], jinja2.Environment] = {}


def environment(
    config: SiteConfig, templates: object, compiled: Path | None = None
) -> jinja2.Environment:
    """The environment for this config and these template versions, kept between builds so
    compiled templates are reused (watch mode); a change of either makes a fresh one.
    `compiled` is a folder keeping compiled templates between processes (`compiled_templates`)."""
    key = (config, templates)
    if key not in _ENVIRONMENTS:
        _ENVIRONMENTS.clear()
        _ENVIRONMENTS[key] = make_environment(config, compiled)
    return _ENVIRONMENTS[key]


def make_environment(config: SiteConfig, compiled: Path | None = None) -> jinja2.Environment:
    """The Jinja environment over the theme: strict (missing values fail) and autoescaping."""
    loader = jinja2.FileSystemLoader([str(d / "templates") for d in theme_dirs(config)])
    # Jinja names each compiled template by its name and source's hash (and its own and
    # Python's version), so a changed template is never served from here.
    bytecode = None
    if compiled is not None:
        with suppress(OSError):  # no cache is a slower build, not a failed one
            if not compiled.is_dir():
                _drop_unused(compiled)
                compiled.mkdir(parents=True, exist_ok=True)
            bytecode = _Compiled(str(compiled))
    env = _Environment(
        loader=loader,
        bytecode_cache=bytecode,
        # JSON templates build their values with the `tojson` filter, which escapes for them.
        autoescape=jinja2.select_autoescape(("html", "xml"), default_for_string=True),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        # Jinja would stat every template a page uses on every render to see whether it
        # changed; a changed template makes a new environment anyway (`environment`).
        auto_reload=False,
        extensions=[FragmentCache],
    )
    urls = Urls(config.base_path)
    env.globals["asset_url"] = urls.asset
    # A Quarto website's title is Markdown whose raw HTML its navbar shows (a logo, bold).
    env.filters["title_html"] = title_html
    env.filters["title_text"] = title_text
    # `tojson` takes view records too (as objects of their fields): a JSON file is then one
    # dump, not a template loop of a dump per value.
    env.policies["json.dumps_kwargs"] = {"sort_keys": True, "default": _fields}
    # Each view record's JSON is kept, like a cached block's output.
    kept = cast(FragmentCache, env.extensions[FragmentCache.identifier])
    env.policies["json.dumps_function"] = kept.dumps
    return env


class _Compiled(jinja2.FileSystemBytecodeCache):
    """Jinja's folder of compiled templates, which never fails a build: a template it cannot
    read or write (the folder removed meanwhile by another quizsite, a full disk) is compiled
    from its source, as without the folder."""

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        with suppress(OSError):
            super().load_bytecode(bucket)

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        with suppress(OSError):
            super().dump_bytecode(bucket)


# Other versions' folders (another virtual environment's quizsite, or code since edited) left
# this long without a template written into them are removed.
_UNUSED_FOR = 7 * 24 * 3600  # seconds


def _drop_unused(compiled: Path) -> None:
    """Remove the folders of templates compiled by other versions of quizsite's code that no
    build has written to lately (one still in use is left: removing it would only slow it)."""
    stem = compiled.name.rpartition("-")[0]
    for other in compiled.parent.glob(f"{stem}-*"):
        with suppress(OSError):
            if time.time() - other.stat().st_mtime > _UNUSED_FOR:
                shutil.rmtree(other, ignore_errors=True)


def _fields(value: object) -> dict[str, Any] | str:
    """A view record's fields (a post's block: its HTML), for JSON; anything else is not JSON
    and fails the build."""
    if type(value) is Html:
        return str(value)
    # An instance of a dataclass (dataclasses.is_dataclass, without its Python call per
    # record; a class's own type is no dataclass). The views that are dataclasses are plain
    # ones: their fields are their __dict__. (Named tuples never get here: fragments.py.)
    if hasattr(type(value), "__dataclass_fields__"):
        return vars(value)
    raise TypeError(f"{type(value).__name__} is not JSON serializable")


def _escape(value: object) -> str:
    """Jinja's `escape` where compiled templates print a value (and `_CodeGenerator` did not
    escape it inline): its text as HTML, as markupsafe's `escape` makes it. It is only ever
    joined into the output, so it is left a str, not made Markup."""
    if hasattr(value, "__html__"):
        return cast(str, value.__html__())
    return escape_text(str(value))


class _Template(jinja2.Template):
    """A template whose compiled code prints values through `_escape`."""

    @classmethod
    def _from_namespace(
        cls,
        environment: jinja2.Environment,
        namespace: MutableMapping[str, Any],
        globals: MutableMapping[str, Any],
    ) -> jinja2.Template:
        # The compiled module imports Jinja's `escape`; its functions look it up in this
        # namespace when they run.
        if "escape" in namespace:
            namespace["escape"] = _escape
            namespace[_ESCAPED] = escape_text
        return super()._from_namespace(environment, namespace, globals)


# Names no template can use (Jinja's own are `l_`, `t_`, `_loop_vars`, ...): the buffer
# `visit_Output` is given and then writes over; the compiled code's local variables holding
# a value being printed, an attribute found, the value it was looked up on; markupsafe's
# escaping of a str (in each compiled template's namespace).
_ONE_YIELD = "_quizsite_one_yield"
_VALUE, _FOUND, _OBJECT = "_quizsite_value", "_quizsite_found", "_quizsite_object"
_ESCAPED = "_quizsite_escaped"


class _CodeGenerator(CodeGenerator):
    """Jinja's code generator, but for one thing: where a page's function yields an output
    tag's parts one by one (the text, a value, the text after it, ...), it yields them
    joined, once. Every part yielded passes through the function of each template extending
    it (post.html's, base.html's), and a page is made of a few hundred of them."""

    def visit_Output(self, node: nodes.Output, frame: Frame) -> None:
        # A macro's output is appended to a list already; a single part is yielded as it is.
        if frame.buffer is not None or self._parts(node, frame) < 2:
            super().visit_Output(node, frame)
            return
        # Written as if into a buffer (`buffer.extend((part, part, ...))`), then made a yield
        # of those parts joined; the lines are the same, so the line table stays right.
        stream, self.stream = self.stream, StringIO()
        frame.buffer = _ONE_YIELD
        try:
            super().visit_Output(node, frame)
        finally:
            frame.buffer = None
            code, self.stream = self.stream.getvalue(), stream
        stream.write(code.replace(f"{_ONE_YIELD}.extend((", "yield concat(("))

    def _output_child_pre(self, node: nodes.Expr, frame: Frame, finalize: Any) -> None:
        # A value printed with autoescape on: a str escaped by markupsafe's C function right
        # there, anything else through `_escape` (a Python call for every value, before).
        # The result is only ever joined into the output, so it need not be Markup.
        if frame.eval_ctx.volatile or not frame.eval_ctx.autoescape or finalize.src:
            super()._output_child_pre(node, frame, finalize)
            return
        self.write(f"({_ESCAPED}({_VALUE}) if type({_VALUE} := (")

    def _output_child_post(self, node: nodes.Expr, frame: Frame, finalize: Any) -> None:
        if frame.eval_ctx.volatile or not frame.eval_ctx.autoescape or finalize.src:
            super()._output_child_post(node, frame, finalize)
            return
        self.write(f")) is str else escape({_VALUE}))")

    @optimizeconst
    def visit_Getattr(self, node: nodes.Getattr, frame: Frame) -> None:
        # `environment.getattr(value, name)` is a Python call for each use; most values have
        # the attribute, found here by the builtin, and only the others go to Jinja's (which
        # then looks the name up as a key, or makes the undefined value).
        if self.environment.is_async or self.environment.sandboxed:
            super().visit_Getattr(node, frame)
            return
        self.write(f"({_FOUND} if ({_FOUND} := getattr(({_OBJECT} := ")
        self.visit(node.node, frame)
        self.write(f"), {node.attr!r}, missing)) is not missing else ")
        self.write(f"environment.getattr({_OBJECT}, {node.attr!r}))")

    def visit_CallBlock(self, node: nodes.CallBlock, frame: Frame) -> None:
        # A `{% cache %}` block (fragments.py): its body a plain function handed to the
        # cache with the values keying it, rather than a Jinja macro made on every use and
        # called through the context (whose checks of what it is cost more than a kept
        # fragment's lookup). Its output is printed as it is, as a call block's is.
        call = node.call
        if not (
            isinstance(call, nodes.Call)
            and isinstance(call.node, nodes.ExtensionAttribute)
            and call.node.identifier == FragmentCache.identifier
            and call.node.name == "_fragment"
            and len(call.args) == 1
        ):
            super().visit_CallBlock(node, frame)
            return
        self.macro_body(node, frame)  # `def macro(): ...`, returning the body's output
        self.start_write(frame, node)
        self.write(f"environment.extensions[{FragmentCache.identifier!r}].kept(")
        self.visit(call.args[0], frame)
        self.write(", macro)")
        self.end_write(frame)

    def _parts(self, node: nodes.Output, frame: Frame) -> int:
        """How many parts `visit_Output` yields for `node`: a run of text and values known
        when compiling is one part, each other value one more (as Jinja groups them)."""
        finalize = self._make_finalize()
        parts, after_const = 0, False
        for child in node.nodes:
            try:
                if not (finalize.const or isinstance(child, nodes.TemplateData)):
                    raise nodes.Impossible()
                self._output_child_to_const(child, frame, finalize)
                const = True
            except Exception:  # Jinja's own test: not known until the page is rendered
                const = False
            parts += not (const and after_const)
            after_const = const
        return parts


class _Environment(jinja2.Environment):
    """Jinja's environment with quizsite's code generator and templates (`_CodeGenerator`,
    `_Template`), each template's globals a plain dict."""

    code_generator_class = _CodeGenerator
    template_class = _Template

    def __init__(self, **options: Any) -> None:
        super().__init__(**options)
        self._loaded: dict[str, jinja2.Template] = {}

    def get_template(
        self,
        name: str | jinja2.Template,
        parent: str | None = None,
        globals: MutableMapping[str, Any] | None = None,
    ) -> jinja2.Template:
        # A page asks for its templates every time (its own, the one it extends, those it
        # imports and includes), and Jinja looks each up in a locked LRU cache; a template
        # never changes in an environment (`auto_reload` is off), so it is kept here once.
        if type(name) is str and globals is None:
            loaded = self._loaded.get(name)
            if loaded is not None:
                return loaded
        return super().get_template(name, parent, globals)

    def _load_template(
        self, name: str, globals: MutableMapping[str, Any] | None
    ) -> jinja2.Template:
        template = super()._load_template(name, globals)
        if not globals:
            self._loaded[name] = template
        return template

    def make_globals(self, d: MutableMapping[str, Any] | None) -> MutableMapping[str, Any]:
        # Jinja's is a ChainMap over the environment's globals, which every render copies
        # and every `{% from ... import %}` compares key by key, in Python. The environment's
        # globals are all set before any template is loaded (`make_environment`).
        return {**self.globals, **(d or {})}


class _Meta(dict[str, Any]):
    """A page's meta (`page`), read by attribute as templates read it (`page.title`): the
    attribute lookup finds the key at once, where on a plain dict Jinja tries an attribute,
    fails with an exception, and then the key."""


# Named as the dict it stands for in Jinja's messages ("'dict object' has no attribute ..."):
# a template's mistake reads as it did.
_Meta.__module__, _Meta.__name__, _Meta.__qualname__ = "builtins", "dict", "dict"


def _context(context: Mapping[str, Any]) -> Mapping[str, Any]:
    """The template's values, the page's meta readable by attribute."""
    meta = context.get("page")
    if type(meta) is not dict:
        return context
    readable = _Meta(meta)
    readable.__dict__ = meta  # the same keys and values: attributes before methods
    return {**context, "page": readable}


def render_page(env: jinja2.Environment, root: Path, page: Page) -> bytes:
    """One page's bytes; a template problem raises BuildFailed at the template's line."""
    try:
        html = env.get_template(page.template).render(_context(page.context))
    except Exception as exc:  # a template can raise anything (1 / 0): report, never crash
        raise BuildFailed([_template_problem(exc, root, page.template)]) from None
    if page.template.endswith(".xml"):  # feeds, sitemap: well-formed whatever the input
        return xml_utf8(html)
    return utf8(html)


def _display_path(filename: str | None, root: Path, fallback: str) -> str:
    """A template's path relative to the site root when it is the site's own."""
    if not filename:
        return fallback
    path = Path(filename)
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        shipped = next((p for p in (PACKAGE_THEMES, SOURCE_THEMES) if p in path.parents), None)
        return f"(built-in theme) {path.relative_to(shipped).as_posix()}" if shipped else str(path)


def _template_problem(exc: Exception, root: Path, template: str) -> Diagnostic:
    """Point a template error at its file and line."""
    if isinstance(exc, jinja2.TemplateSyntaxError):
        return error(
            _display_path(exc.filename, root, template),
            exc.lineno,
            f"template syntax error: {exc.message}",
            "check the {% %} and {{ }} tags on that line",
        )
    # Jinja rewrites tracebacks so that template frames carry the template's file and line.
    frames = [f for f in traceback.extract_tb(exc.__traceback__) if "/templates/" in f.filename]
    where = frames[-1] if frames else None
    message = str(exc.message if isinstance(exc, jinja2.UndefinedError) else exc)
    if isinstance(exc, jinja2.TemplateNotFound) and where is not None:
        return error(  # an {% include %} or {% extends %} of a template that does not exist
            _display_path(where.filename, root, template),
            where.lineno,
            f"template '{exc.name}' not found",
            "add it to your theme's templates/ folder, or fix the name",
        )
    if isinstance(exc, jinja2.TemplateNotFound):
        return error(
            f"themes/*/templates/{exc.name}",
            None,
            f"template '{exc.name}' not found",
            "add it to your theme's templates/ folder",
        )
    hint = "see docs/theming.md for the variables each template receives"
    if isinstance(exc, jinja2.UndefinedError):
        # Name the view type ("SiteView") rather than its Python module path.
        message = "undefined value in template: " + re.sub(
            r"'[\w.]+\.(\w+) object'", r"\1", message
        )
    return error(
        _display_path(where.filename if where else None, root, template),
        where.lineno if where else None,
        message,
        hint,
    )
