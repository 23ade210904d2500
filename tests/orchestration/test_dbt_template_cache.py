"""csc-dbt's template cache: a template compiled by one process is read back by the next, which
renders the same text without compiling it; a file it cannot trust is made again."""

from __future__ import annotations

import json
import subprocess
import sys

import jinja2
from dbt_common.clients import jinja as dbt_jinja

from orchestration.dbt_template_cache import TemplateCache
from orchestration.settings import REPOSITORY_ROOT

# What csc-dbt does before dbt starts, then two renders the way dbt renders a node's SQL.
RENDER = """
import json, sys
from pathlib import Path
from orchestration import dbt_template_cache
cache = dbt_template_cache.install(Path(sys.argv[1]))
from dbt_common.clients.jinja import get_template, render_template
sql = "{% set n = 2 %}select {{ n * 21 }} as answer{% for c in cols %}, {{ c }}{% endfor %}"
text = render_template(get_template(sql, {}), {"cols": ["a", "b"]})
native = render_template(get_template("{{ [1, 2] | length }}", {}, native=True), {})
print(json.dumps({"text": text, "native": native, "compiled": cache.compiled}))
"""


def render(cache_path) -> dict:
    finished = subprocess.run(
        [sys.executable, "-c", RENDER, str(cache_path)], cwd=REPOSITORY_ROOT,
        capture_output=True, text=True, check=True,
    )
    return json.loads(finished.stdout)


def test_the_next_process_renders_the_same_without_compiling(tmp_path):
    cache_path = tmp_path / "jinja-templates.marshal"
    first = render(cache_path)
    assert first == {"text": "select 42 as answer, a, b", "native": "2", "compiled": 2}
    written = cache_path.stat().st_mtime_ns
    second = render(cache_path)
    assert second == {**first, "compiled": 0}
    assert cache_path.stat().st_mtime_ns == written  # nothing new: not written again


def test_a_file_it_cannot_read_is_made_again(tmp_path):
    cache_path = tmp_path / "jinja-templates.marshal"
    cache_path.write_bytes(b"not a cache")
    assert render(cache_path)["compiled"] == 2
    assert render(cache_path)["compiled"] == 0


def test_a_file_of_other_versions_is_not_read(tmp_path):
    cache_path = tmp_path / "jinja-templates.marshal"
    render(cache_path)
    import marshal

    _, codes = marshal.loads(cache_path.read_bytes())
    cache_path.write_bytes(marshal.dumps(((b"\0\0\r\n", "2.0.0", 1), codes)))
    assert render(cache_path)["compiled"] == 2


def test_the_key_is_the_source_and_the_environment_that_compiles_it():
    text, native = dbt_jinja.get_environment(), dbt_jinja.get_environment(native=True)
    assert TemplateCache.key(text, "{{ 1 }}") == TemplateCache.key(
        dbt_jinja.get_environment(), "{{ 1 }}"
    )
    assert TemplateCache.key(text, "{{ 1 }}") != TemplateCache.key(text, "{{ 2 }}")
    assert TemplateCache.key(text, "{{ 1 }}") != TemplateCache.key(native, "{{ 1 }}")
    trimmed = dbt_jinja.get_environment()
    trimmed.trim_blocks = True
    assert TemplateCache.key(trimmed, "{{ 1 }}") != TemplateCache.key(text, "{{ 1 }}")
    assert TemplateCache.key(jinja2.Environment(enable_async=True), "{{ 1 }}") != (
        TemplateCache.key(jinja2.Environment(), "{{ 1 }}")
    )
    # code that may call a function of the environment's own is not kept
    assert TemplateCache.key(jinja2.Environment(finalize=str), "{{ 1 }}") is None
