"""Instructor tools: scaffold, GIFT import and export, results export, class report."""
