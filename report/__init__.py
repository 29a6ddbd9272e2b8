"""The overview report's logic: structure (report.structure), merging concurrent saves
(report.merging, report.editing), word differences (report.diffing), Markdown to sanitised
HTML (report.rendering), citing sources (report.sources), the for-publication check
(report.publication) and the Word document (report.export)."""
