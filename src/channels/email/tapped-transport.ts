/**
 * An SMTP transport that knows whether the whole message went down the socket after DATA: from then
 * on the relay may have accepted it even if its answer never reaches us, so a resend could deliver it
 * twice. Patient email and the weekly report both classify a failure by it.
 */
import { PassThrough, type Readable } from 'node:stream';
import { createTransport } from 'nodemailer';

export function tappedTransport(options: Parameters<typeof createTransport>[0]): { transport: ReturnType<typeof createTransport>; bodyHandedOver: () => boolean } {
  let handedOver = false;
  const transport = createTransport(options);
  transport.use('stream', (mail, done) => {
    mail.message.processFunc((input: Readable) => {
      const tap = new PassThrough();
      tap.once('end', () => {
        handedOver = true;
      });
      input.once('error', (error) => tap.destroy(error));
      return input.pipe(tap);
    });
    done();
  });
  return { transport, bodyHandedOver: () => handedOver };
}
