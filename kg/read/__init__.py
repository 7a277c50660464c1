"""Reading: files → pages (decoded, paragraphs rebuilt) → articles."""
