import { createTransport } from 'nodemailer';
import type { Courier } from './outbox-worker';

// Hands messages to the practice's mail server over SMTP: smtp:// upgrades
// to TLS with STARTTLS when the server offers it, smtps:// is TLS from the
// first byte. A small pool of connections is kept open while there is mail.

export function smtpCourier(smtpUrl: string, fromAddress: string): Courier {
	const transport = createTransport({
		url: smtpUrl,
		pool: true,
		maxConnections: 5,
		// A mail server that does not answer is a failed try, retried later; never a stuck worker.
		connectionTimeout: 15_000,
		greetingTimeout: 15_000,
		socketTimeout: 30_000
	});
	return {
		async send(message) {
			await transport.sendMail({
				from: { name: message.from_name, address: fromAddress },
				to: message.to_address,
				subject: message.subject,
				text: message.body,
				messageId: message.message_id,
				// The date it was written, so that sending again sends the very same message.
				date: new Date(message.created_at),
				headers: message.unsubscribe_url
					? {
							'List-Unsubscribe': `<${message.unsubscribe_url}>`,
							'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click'
						}
					: {}
			});
		},
		close() {
			transport.close();
		}
	};
}
