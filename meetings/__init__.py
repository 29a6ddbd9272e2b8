"""Meetings of a review and their papers: scheduling, calendar invitations (``ics``), answer
links (``tokens``), attendance and minutes (``minutes``), documents (``documents``), the papers
pack job (``pack``) and the daily "paper missing" reminder (``papers``)."""
