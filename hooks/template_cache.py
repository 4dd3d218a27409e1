"""Compile each theme template once per process, not once per language pass.

static-i18n builds every language with a fresh Jinja environment, so Material's ~90 templates were
compiled again for English (a sixth of a build's time), and `mkdocs serve` compiled them all on
every rebuild. Jinja's bytecode cache finds a template's compiled code by its name, file and a
checksum of its source, so an edited template is compiled afresh. Compiled code also depends on the
environment's syntax settings and extensions, so environments that differ in those never share.
Build speed only: the output is the same with or without this hook.
"""

from __future__ import annotations

import jinja2


class _InMemory(jinja2.BytecodeCache):
    def __init__(self):
        self._code: dict[str, bytes] = {}

    def load_bytecode(self, bucket):
        if bucket.key in self._code:
            bucket.bytecode_from_string(self._code[bucket.key])

    def dump_bytecode(self, bucket):
        self._code[bucket.key] = bucket.bytecode_to_string()


_caches: dict[tuple, _InMemory] = {}


def _compile_settings(env: jinja2.Environment) -> tuple:
    return (type(env), tuple(sorted(env.extensions)), env.block_start_string, env.block_end_string,
            env.variable_start_string, env.variable_end_string, env.comment_start_string,
            env.comment_end_string, env.line_statement_prefix, env.line_comment_prefix, env.trim_blocks,
            env.lstrip_blocks, env.newline_sequence, env.keep_trailing_newline, env.optimized,
            env.is_async, env.finalize, env.autoescape)


def on_env(env, config, files):
    if env.bytecode_cache is None:
        env.bytecode_cache = _caches.setdefault(_compile_settings(env), _InMemory())
    return env
