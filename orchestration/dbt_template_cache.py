"""dbt's Jinja templates compiled once, not at every build: csc-dbt's template cache.

dbt renders each node's SQL and each macro from its Jinja source, and Jinja compiles a source
into Python code each time it is given one (dbt hands it strings, not files, so Jinja's own
bytecode cache never applies): some 900 compilations, some 1.9 s of a one-authority build's
Python (issue 18, BENCHMARKS.md), almost all of them of sources the last build compiled too.

While csc-dbt builds for a refresh, the compiled code of each source is kept in one file
(`CACHE_VARIABLE`, beside the project's saved parses: dbt_assets), keyed by a hash of the
source and of everything in the environment that shapes the code (its class, extensions and
syntax options); the file is marked with the Python and Jinja versions, and a file of other
versions, or one that cannot be read, is set aside and made again. A source met for the first
time is compiled by Jinja as before. What dbt renders is the same either way: the code is
Jinja's own, compiled from the same source by the same environment.
"""

from __future__ import annotations

import atexit
import hashlib
import importlib.util
import marshal
import os
from pathlib import Path
from types import CodeType
from typing import Any

import jinja2

CACHE_VARIABLE = "CSC_DBT_TEMPLATE_CACHE"
# A file of other versions is not read: code objects are Python's, made by that Jinja.
_STAMP = (importlib.util.MAGIC_NUMBER, jinja2.__version__, 1)
# Beyond this many sources (a project edited over months), keep only those of the last build.
_MOST_KEPT = 20_000
_SYNTAX = (
    "block_start_string", "block_end_string", "variable_start_string", "variable_end_string",
    "comment_start_string", "comment_end_string", "line_statement_prefix",
    "line_comment_prefix", "trim_blocks", "lstrip_blocks", "newline_sequence",
    "keep_trailing_newline", "optimized", "is_async",
)


class TemplateCache:
    """Compiled template code by source and environment, read from and written to `path`."""

    def __init__(self, path: Path):
        self.path = path
        self.kept = self._read()
        self.used: dict[bytes, CodeType] = {}
        self.compiled = 0  # sources compiled by Jinja in this process

    def _read(self) -> dict[bytes, CodeType]:
        try:
            with self.path.open("rb") as file:
                stamp, codes = marshal.load(file)
        except (OSError, EOFError, ValueError, TypeError):
            return {}
        return codes if stamp == _STAMP and isinstance(codes, dict) else {}

    @staticmethod
    def key(environment: jinja2.Environment, source: str) -> bytes | None:
        """The source's key in `environment`, or None where the code may depend on more than
        these (an autoescape or finalize function)."""
        if callable(environment.autoescape) or environment.finalize is not None:
            return None
        shape = [type(environment).__module__, type(environment).__qualname__]
        shape += [repr(getattr(environment, name)) for name in _SYNTAX]
        shape += [repr(environment.autoescape), *sorted(environment.extensions)]
        return hashlib.sha256("\0".join([*shape, source]).encode()).digest()

    def code(self, key: bytes, compile_source) -> CodeType:
        code = self.used.get(key) or self.kept.get(key)
        if code is None:
            code = compile_source()
            self.compiled += 1
        self.used[key] = code
        return code

    def save(self) -> None:
        """Write the file again if this process compiled anything new (atomically: a build
        killed while writing, or another writing at once, leaves a whole file)."""
        if not self.compiled:
            return
        codes = {**self.kept, **self.used} if len(self.kept) < _MOST_KEPT else self.used
        partial = self.path.with_name(f"{self.path.name}.{os.getpid()}.tmp")
        try:
            with partial.open("wb") as file:
                marshal.dump((_STAMP, codes), file)
            os.replace(partial, self.path)
        except OSError:
            partial.unlink(missing_ok=True)  # a cache: the next build compiles again


def install(path: Path) -> TemplateCache:
    """Compile Jinja sources through the cache at `path` in this process (dbt's environments
    only), and write it when the process ends."""
    from dbt_common.clients import jinja as dbt_jinja

    cache = TemplateCache(path)
    jinja_compile = jinja2.Environment.compile
    dbt_environments = (dbt_jinja.MacroFuzzEnvironment, dbt_jinja.NativeSandboxEnvironment)

    def compile(self, source, name=None, filename=None, raw=False, defer_init=False) -> Any:
        plain = isinstance(source, str) and name is None and filename is None
        if plain and not raw and not defer_init and isinstance(self, dbt_environments):
            key = None if dbt_jinja.MACRO_DEBUGGING else TemplateCache.key(self, source)
            if key is not None:
                return cache.code(key, lambda: jinja_compile(self, source))
        return jinja_compile(self, source, name, filename, raw, defer_init)

    jinja2.Environment.compile = compile
    atexit.register(cache.save)
    return cache
