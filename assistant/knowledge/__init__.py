"""Turning documents into chunks and keeping the vector store in step with them."""
