"""The drawing style shared by the canvas and the exports (no Qt): colours, sizes, marker
shapes, the legend, text measurement and wrapping, stage box layout and handoff routing."""
