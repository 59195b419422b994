"""Reading the forms reports are published in (HTML, text, DOCX, PDF, DOC/WPS, XLS/XLSX) into one
shape, a ``Document`` of text and tables; ``forms`` tells the form of fetched bytes."""
