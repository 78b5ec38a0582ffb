"""vsm-editor: a value-stream mapping editor that shows whether a stream is architecture."""

__version__ = "0.1.0"
