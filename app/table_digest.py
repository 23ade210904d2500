"""A table's content as a digest, to keep work done on it under: equal for equal tables however
they were made, every row read (Streamlit's own hashing samples a big table's rows, and a pickle
is not equal for equal tables: it shares repeated objects by identity)."""

from __future__ import annotations

import hashlib

import pandas as pd


def content_bytes(value: object) -> bytes:
    """What a value holds, as bytes: a table's columns, types, index and every row's hash;
    anything else its repr."""
    if isinstance(value, (pd.DataFrame, pd.Series)):
        frame = value.to_frame() if isinstance(value, pd.Series) else value
        header = repr((list(frame.columns), [str(t) for t in frame.dtypes], list(frame.index.names), frame.shape))
        try:
            rows = pd.util.hash_pandas_object(frame, index=True).to_numpy().tobytes()
        except TypeError:  # a cell pandas cannot hash (a list): its text instead
            rows = frame.to_json(orient="split", date_format="iso").encode()
        return header.encode() + rows
    return repr(value).encode()


def digest(*values: object) -> str:
    """One hex digest of the values, in order."""
    made = hashlib.md5(usedforsecurity=False)
    for value in values:
        content = content_bytes(value)
        made.update(len(content).to_bytes(8, "big") + content)  # sized: no two splits alike
    return made.hexdigest()
