"""Reading the forms reports are published in (HTML, text, DOCX, PDF, DOC/WPS) into one shape."""
