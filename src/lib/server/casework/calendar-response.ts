// How a calendar file leaves the server: as a download named for nothing in
// particular, never kept by a browser or proxy cache.

export function calendarResponse(body: string, disposition: 'attachment' | 'inline'): Response {
	return new Response(body, {
		headers: {
			'Content-Type': 'text/calendar; charset=utf-8',
			'Content-Disposition': `${disposition}; filename="appointment.ics"`,
			'Cache-Control': 'private, no-store'
		}
	});
}
