"""Following a document without keeping its listener alive."""

from __future__ import annotations

import weakref

import shiboken6


def weak_subscribe(document, owner, method: str):
    """Subscribe ``owner.<method>`` to ``document``'s change sets without the document
    keeping ``owner`` alive (a closed window's scene and docks can then be dropped).
    Returns the unsubscribe function."""
    ref = weakref.ref(owner)
    holder: list = []

    def forward(changes) -> None:
        target = ref()
        if target is None or not shiboken6.isValid(target):
            holder[0]()
            return
        getattr(target, method)(changes)

    holder.append(document.subscribe(forward))
    return holder[0]
