"""The moderation room: one queue and every /moderation/ page, over what the other apps hold."""
