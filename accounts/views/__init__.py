"""Account pages: the second factor, one's sessions, and the users a head or an agency manages."""
