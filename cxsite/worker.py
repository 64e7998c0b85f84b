"""A fresh worker process: ``python -m cxsite.worker``, started by :mod:`cxsite.parallel`.

Reads one pickled ``(func, chunks)`` from stdin and writes back one pickled
``("ok", [func(chunk) for chunk in chunks])`` or ``("error", exception)``. Started as a
module of cxsite, it never imports the caller's main module (see ``cxsite.parallel``).
"""

from __future__ import annotations

import pickle
import sys
import traceback


def main() -> int:
    func, chunks = pickle.load(sys.stdin.buffer)  # noqa: S301 - from our parent's pipe
    try:
        reply: tuple[str, object] = ("ok", [func(chunk) for chunk in chunks])
        data = pickle.dumps(reply)
    except Exception as error:  # noqa: BLE001 - relayed: the parent raises it
        try:
            data = pickle.dumps(("error", error))
        except Exception:  # noqa: BLE001 - one that cannot be pickled travels as text
            data = pickle.dumps(("error", RuntimeError(traceback.format_exc())))
    sys.stdout.buffer.write(data)
    sys.stdout.buffer.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main())
