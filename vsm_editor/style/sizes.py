"""Sizes in map units (1 unit = 1 px at 100 % zoom; SVG user units)."""

from __future__ import annotations

from typing import Final

# Stage boxes
STAGE_WIDTH: Final = 180.0
STAGE_HEIGHT: Final = 90.0
#: Smallest box the layout draws (a narrower stored box is drawn at this size).
STAGE_MIN_WIDTH: Final = 140.0
STAGE_MIN_HEIGHT: Final = 60.0
STAGE_CORNER_RADIUS: Final = 8.0
STAGE_BORDER_WIDTH: Final = 1.5
STAGE_PADDING: Final = 6.0
#: The lane-coloured strip along the left inside edge of a stage.
LANE_STRIP_WIDTH: Final = 4.0
LANE_STRIP_INSET: Final = 4.0
#: Space between the strip and the text.
STRIP_GAP: Final = 4.0
ROW_GAP: Final = 3.0

# Fonts (pixel sizes)
NAME_FONT_SIZES: Final = (13.0, 12.0, 11.0)
"""A name is set at the first size that fits the box; below the last, the box grows."""
NAME_FONT_SIZE: Final = NAME_FONT_SIZES[0]
OWNER_FONT_SIZE: Final = 11.0
LABEL_FONT_SIZE: Final = 11.0
MARKER_FONT_SIZE: Final = 9.0
LANE_HEADER_FONT_SIZE: Final = 14.0
LEGEND_FONT_SIZE: Final = 11.0
TITLE_FONT_SIZE: Final = 20.0
SUBTITLE_FONT_SIZE: Final = 12.0

# Markers inside a stage box
LAYER_MARKER_SIZE: Final = 18.0
LAYER_MARKER_GAP: Final = 3.0
LAYER_MARKER_BORDER_WIDTH: Final = 1.5
SEVERITY_MARKER_SIZE: Final = 16.0
IMPROVEMENT_MARKER_SIZE: Final = 18.0

# Lanes
LANE_HEADER_WIDTH: Final = 140.0
LANE_SEPARATOR_WIDTH: Final = 1.0

# Handoffs
HANDOFF_WIDTH: Final = 1.5
ARROW_LENGTH: Final = 10.0
ARROW_HALF_WIDTH: Final = 5.0
#: Clearance the router keeps between a route and stage boxes it passes.
ROUTE_MARGIN: Final = 12.0
#: Distance between handoffs attached to the same side of a box.
PORT_SPACING: Final = 12.0
#: Distance between parallel routes sharing a corridor.
ROUTE_SPACING: Final = 8.0
ROUTE_CORNER_RADIUS: Final = 4.0
REWORK_CORNER_RADIUS: Final = 14.0
LABEL_PADDING: Final = 2.0

# Legend and title block
LEGEND_PADDING: Final = 10.0
LEGEND_ROW_HEIGHT: Final = 22.0
LEGEND_SWATCH_WIDTH: Final = 36.0
