"""The board paper: one document model (blocks) written as markdown, HTML and Word, so they cannot drift."""
