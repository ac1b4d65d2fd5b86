"""The domain core of quizzes: checking answers, scoring, sessions. No Textual here."""
