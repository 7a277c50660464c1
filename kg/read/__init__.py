"""Reading: files → pages (decoded, paragraphs rebuilt, Traditional read in Simplified characters) → articles."""
