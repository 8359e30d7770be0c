// Hand-written /queues and /queueDetail documents (docs/wire-format.md), the same data as
// XML and JSON, so tests can check both give one model.

export const QUEUES_XML =
  '<rsp><data><title>Top 10 queues by number of recipients</title>' +
  '<queue><name>gmail.com/vmta-1</name><rcp>77</rcp><kb>769.4</kb><conn>0</conn>' +
  '<event><type>error</type><time>2026-11-26 10:24:33</time><text>421 4.7.28 &lt;gsmtp&gt; rate &amp; &quot;limited&quot;</text></event>' +
  '<event><type>error</type><time>2026-11-26 10:20:00</time><text>connect rate limit reached</text></event>' +
  '<paused>no</paused><mode>backoff</mode><retryTime>2026-11-26 10:27:33</retryTime></queue>' +
  '<queue><name>yahoo.com/vmta-2</name><rcp>5</rcp><kb>12</kb><conn>2</conn><paused>yes</paused><mode>normal</mode><retryTime/></queue>' +
  '<totalRcp>82</totalRcp><totalQueuesWithRcp>2</totalQueuesWithRcp></data><succ/></rsp>';

export const QUEUES_JSON = JSON.stringify({
  data: {
    title: 'Top 10 queues by number of recipients',
    queue: [
      {
        name: 'gmail.com/vmta-1',
        rcp: 77,
        kb: 769.4,
        conn: 0,
        event: [
          { type: 'error', time: '2026-11-26 10:24:33', text: '421 4.7.28 <gsmtp> rate & "limited"' },
          { type: 'error', time: '2026-11-26 10:20:00', text: 'connect rate limit reached' },
        ],
        paused: false,
        mode: 'backoff',
        retryTime: '2026-11-26 10:27:33',
      },
      // JSON's single event may come as an object; here none at all.
      { name: 'yahoo.com/vmta-2', rcp: 5, kb: 12, conn: 2, paused: true, mode: 'normal', retryTime: '' },
    ],
    totalRcp: 82,
    totalQueuesWithRcp: 2,
  },
  status: 'success',
  message: '',
});

export const QUEUE_DETAIL_XML =
  '<rsp><data><queue><name>gmail.com/vmta-1</name><domain>gmail.com</domain><vmta>vmta-1</vmta>' +
  '<rcp>77</rcp><kb>769.4</kb><conn>0</conn><paused>no</paused><mode>backoff</mode><retryTime>2026-11-26 10:27:33</retryTime>' +
  '<backoffReason>421 4.7.28 Our system has detected an unusual rate (pattern /4\\.7\\.28/ mode=backoff)</backoffReason>' +
  '<errors><error><time>2026-11-26 10:24:33</time><text>421 4.7.28 a</text></error><error><time>2026-11-26 10:20:00</time><text>421 4.7.28 b</text></error></errors>' +
  '<modeEvents><event><time>2026-11-26 10:24:33</time><mode>backoff</mode><text>pattern matched</text></event></modeEvents>' +
  '<recipientEvents><event><type>deferred</type><time>2026-11-26 10:24:33</time><rcpt>a@gmail.com</rcpt><sourceIp>203.0.113.10</sourceIp>' +
  '<remoteMta>gmail-smtp-in.l.google.com (142.250.1.27)</remoteMta><diag>smtp;421 4.7.28 a</diag></event></recipientEvents>' +
  '<disabledSources><source><ip>203.0.113.11</ip><until>2026-11-26 11:00:00</until></source></disabledSources>' +
  '</queue></data><succ/></rsp>';

export const QUEUE_DETAIL_JSON = JSON.stringify({
  data: {
    queue: {
      name: 'gmail.com/vmta-1',
      domain: 'gmail.com',
      vmta: 'vmta-1',
      rcp: 77,
      kb: 769.4,
      conn: 0,
      paused: false,
      mode: 'backoff',
      retryTime: '2026-11-26 10:27:33',
      backoffReason: '421 4.7.28 Our system has detected an unusual rate (pattern /4\\.7\\.28/ mode=backoff)',
      errors: [
        { time: '2026-11-26 10:24:33', text: '421 4.7.28 a' },
        { time: '2026-11-26 10:20:00', text: '421 4.7.28 b' },
      ],
      modeEvents: { event: { time: '2026-11-26 10:24:33', mode: 'backoff', text: 'pattern matched' } },
      recipientEvents: [
        {
          type: 'deferred',
          time: '2026-11-26 10:24:33',
          rcpt: 'a@gmail.com',
          sourceIp: '203.0.113.10',
          remoteMta: 'gmail-smtp-in.l.google.com (142.250.1.27)',
          diag: 'smtp;421 4.7.28 a',
        },
      ],
      disabledSources: [{ ip: '203.0.113.11', until: '2026-11-26 11:00:00' }],
    },
  },
  status: 'success',
  message: '',
});
