"""Background work of hand-offs: the reminder watch job and the webhook outbox handler."""

from mediation.handoffs import reminders, webhooks

__all__ = ["reminders", "webhooks"]
