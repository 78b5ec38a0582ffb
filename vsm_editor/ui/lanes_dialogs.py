"""The questions lane editing asks: a lane's colour, and where a deleted lane's stages go
(each a small function that tests replace)."""

from __future__ import annotations

from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QColorDialog,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QVBoxLayout,
    QWidget,
)

NO_LANE = ""  # the destination "no lane" in :func:`ask_stage_destination`'s answer


def choose_colour(parent: QWidget, current: str) -> str | None:
    """A colour as ``#rrggbb``, or None when cancelled."""
    chosen = QColorDialog.getColor(QColor(current), parent, "Lane colour")
    return chosen.name() if chosen.isValid() else None


class StageDestinationDialog(QDialog):
    """Deleting a lane with stages: pick another lane for them, or no lane."""

    def __init__(
        self, parent: QWidget | None, lane_name: str, count: int, others: list[tuple[str, str]]
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Delete lane")
        noun = "stage" if count == 1 else "stages"
        question = QLabel(f"“{lane_name}” holds {count} {noun}. Where should they go?")
        question.setWordWrap(True)
        self.choice = QComboBox()
        self.choice.setObjectName("lane-destination")
        for lane_id, name in others:
            self.choice.addItem(name, lane_id)
        self.choice.addItem("No lane (below the lanes)", NO_LANE)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Delete lane")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(question)
        layout.addWidget(self.choice)
        layout.addWidget(buttons)

    def destination(self) -> str:
        """The chosen lane's id, or :data:`NO_LANE`."""
        return self.choice.currentData()


def ask_stage_destination(
    parent: QWidget | None, lane_name: str, count: int, others: list[tuple[str, str]]
) -> str | None:
    """The lane id the stages go to, :data:`NO_LANE` for none, or None when cancelled."""
    dialog = StageDestinationDialog(parent, lane_name, count, others)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return None
    return dialog.destination()
