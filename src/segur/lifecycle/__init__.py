"""The lifecycle derived from events and arrivals on main: state, queue, deadlines, collège."""
