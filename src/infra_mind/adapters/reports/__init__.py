"""Report renderers: Markdown, HTML, PDF, Excel and Word from one report document."""
