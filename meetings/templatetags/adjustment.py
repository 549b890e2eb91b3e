"""`{% load adjustment %}{% adjustment_state_of protocol as state %}`: where a protocol's digital justering stands
(meetings.services.adjustment.AdjustmentState), for the secretary's protocol page, whose view does not know it."""

from django import template

from meetings.services.adjustment import AdjustmentState, adjustment_state

register = template.Library()


@register.simple_tag
def adjustment_state_of(protocol) -> AdjustmentState:
    return adjustment_state(protocol)
