"""Live analysis: the document's change sets, debounced, fed to the incremental Analyzer.

Edits arrive as change sets; they are collected and, once typing pauses for
:data:`DEBOUNCE_MS`, handed to :class:`~vsm_editor.analysis.Analyzer` in one update. The
new report goes to every listener (panel, matrix, canvas overlay) via :attr:`report_changed`.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, QTimer, Signal

from vsm_editor.analysis import Analyzer, Report, RulesConfig
from vsm_editor.model import ChangeSet, Document

DEBOUNCE_MS = 150


class LiveAnalysis(QObject):
    """Keeps an up-to-date :class:`Report` for one document.

    Consumers added with :meth:`add_consumer` get each new report in their own turn of
    the event loop, so the analysis and each view's update never add up to one long block.
    """

    report_changed = Signal(object)  # Report

    def __init__(self, document: Document, parent: QObject | None = None,
                 config: RulesConfig | None = None, debounce_ms: int = DEBOUNCE_MS,
                 deferred: bool = False) -> None:
        """``deferred``: analyse the first time when :meth:`deliver_now` is called (a big
        map's window does once it shows the map) or the report is asked for."""
        super().__init__(parent)
        self.document = document
        self._config = config
        self._analyzer: Analyzer | None = None
        self._pending: list[ChangeSet] = []
        self._consumers: list[Callable[[Report], None]] = []
        self._queue: list[Callable[[Report], None]] = []
        self._delivery = QTimer(self)
        self._delivery.setSingleShot(True)
        self._delivery.setInterval(0)
        self._delivery.timeout.connect(self._deliver_next)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(debounce_ms)
        self._timer.timeout.connect(self.flush)
        self._unsubscribe = document.subscribe(self._changed)
        if not deferred:
            self._analyzer = Analyzer(document, config)

    @property
    def analyzer(self) -> Analyzer:
        """The incremental analysis (made on first use when deferred)."""
        if self._analyzer is None:
            self._pending = []  # made from the map as it is now: the edits are in it
            self._analyzer = Analyzer(self.document, self._config)
        return self._analyzer

    @property
    def report(self) -> Report:
        return self.analyzer.report

    def detach(self) -> None:
        self._unsubscribe()
        self._timer.stop()

    def _changed(self, changes: ChangeSet) -> None:
        self._pending.append(changes)
        self._timer.start()

    def flush(self) -> Report:
        """Analyse the waiting changes now (the timer does this after a pause)."""
        self._timer.stop()
        if self._analyzer is None:  # the deferred first analysis
            self.analyzer  # noqa: B018  (made from the map as it is now)
            self._announce()
            return self.analyzer.report
        pending, self._pending = self._pending, []
        if pending:
            self.analyzer.update(pending)
            self._announce()
        return self.analyzer.report

    def add_consumer(self, consumer: Callable[[Report], None]) -> None:
        """Call ``consumer(report)`` after every analysis, in a later event-loop turn."""
        self._consumers.append(consumer)

    def deliver_now(self) -> Report:
        """Analyse waiting changes and hand the report to every consumer at once."""
        self.flush()
        self._delivery.stop()
        self._queue = []
        for consumer in self._consumers:
            consumer(self.analyzer.report)
        return self.analyzer.report

    def is_delivering(self) -> bool:
        return bool(self._queue)

    def _announce(self) -> None:
        self.report_changed.emit(self.analyzer.report)
        self._queue = list(self._consumers)  # a newer report restarts the round
        if self._queue:
            self._delivery.start()

    def _deliver_next(self) -> None:
        if not self._queue:
            return
        consumer = self._queue.pop(0)
        if self._queue:
            self._delivery.start()
        consumer(self.analyzer.report)

    def is_pending(self) -> bool:
        return bool(self._pending)

    def set_config(self, config: RulesConfig | None) -> None:
        """Use a shared rules file (or none)."""
        self.flush()
        self.analyzer.set_config(config)
        self._announce()
