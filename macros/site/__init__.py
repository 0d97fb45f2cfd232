"""Last stage: the site itself: the build's MkDocs events, pages as templates, and the files written beside them."""
