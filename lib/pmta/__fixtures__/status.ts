// Hand-written /status documents for 5.0 (XML and the same data as JSON), 4.5 and 3.5,
// following powermta-api.md §4 (element names from S1/S4; values invented).

const period = (n: number, extra: string) =>
  `<out><rcp>${n}</rcp><msg>${n - 1}</msg><kb>${n}.5</kb></out><in><rcp>${n + 1}</rcp><msg>${n}</msg><kb>${n + 1}.5</kb></in>${extra}`;

const modern = (n: number) => `<bounceProcessed>${n}</bounceProcessed><feedbackLoopProcessed>0</feedbackLoopProcessed>`;

export const STATUS_50_XML =
  '<rsp><data><mta><product><name>PowerMTA</name><version>5.0r1</version><buildDate>2019-09-15 14:27:54</buildDate>' +
  '<revision>v5_0r1@190914.abc1234</revision><bits>64</bits></product><lak><serial>100001</serial><instances>1</instances></lak>' +
  '<os><name>Linux</name></os><cpu><type>x86_64</type><count>4</count></cpu><ram><real>8000000</real></ram>' +
  '<fullHostName>mta1.example.net</fullHostName><userString/><hostId>0</hostId><webUI><protocol>1</protocol></webUI></mta>' +
  '<status><timeNow>2026-11-26 10:30:00</timeNow><startupTime>2026-11-20 08:00:00</startupTime><shuttingDown>0</shuttingDown>' +
  `<traffic><total>${period(1000, modern(7))}</total><lastHr>${period(100, modern(1))}</lastHr><lastMin>${period(10, modern(0))}</lastMin>` +
  `<topPerHr>${period(500, modern(2))}</topPerHr><topPerMin>${period(50, modern(0))}</topPerMin>` +
  '<perf><lastMin><in><count>3</count><mailFromTime>0.1</mailFromTime><dataTime>0.2</dataTime><totalTime>0.3</totalTime></in></lastMin></perf></traffic>' +
  '<conn><smtpIn><cur>3</cur><max>1000</max><top>42</top></smtpIn><smtpOut><cur>12</cur><max>2000</max><top>300</top></smtpOut></conn>' +
  '<resolver><namesCached>1234</namesCached><queriesPending>2</queriesPending><queriesActive>1</queriesActive></resolver>' +
  '<queue><smtp><rcp>61078</rcp><dom>1428</dom><kb>512000.5</kb></smtp><pipe><rcp>0</rcp><dom>0</dom><kb>0</kb></pipe></queue>' +
  '<spool><initPct>100</initPct><dirs>4</dirs><files><inUse>900</inUse><recycled>10</recycled><total>1000</total></files>' +
  '<totalRcp>61078</totalRcp><maxRcp>5000000</maxRcp></spool><status>running</status></status></data><succ/></rsp>';

const jperiod = (n: number, bounce: number) => ({
  out: { rcp: n, msg: n - 1, kb: n + 0.5 },
  in: { rcp: n + 1, msg: n, kb: n + 1.5 },
  bounceProcessed: bounce,
  feedbackLoopProcessed: 0,
});

export const STATUS_50_JSON = JSON.stringify({
  data: {
    mta: {
      product: { name: 'PowerMTA', version: '5.0r1', buildDate: '2019-09-15 14:27:54', revision: 'v5_0r1@190914.abc1234', bits: 64 },
      lak: { serial: '100001', instances: 1 },
      fullHostName: 'mta1.example.net',
      userString: '',
      hostId: 0,
    },
    status: {
      timeNow: '2026-11-26 10:30:00',
      startupTime: '2026-11-20 08:00:00',
      shuttingDown: false,
      traffic: {
        total: jperiod(1000, 7),
        lastHr: jperiod(100, 1),
        lastMin: jperiod(10, 0),
        topPerHr: jperiod(500, 2),
        topPerMin: jperiod(50, 0),
      },
      conn: { smtpIn: { cur: 3, max: 1000, top: 42 }, smtpOut: { cur: 12, max: 2000, top: 300 } },
      resolver: { namesCached: 1234, queriesPending: 2, queriesActive: 1 },
      queue: { smtp: { rcp: 61078, dom: 1428, kb: 512000.5 }, pipe: { rcp: 0, dom: 0, kb: 0 } },
      spool: { initPct: 100, dirs: 4, files: { inUse: 900, recycled: 10, total: 1000 }, totalRcp: 61078, maxRcp: 5000000 },
      status: 'running',
    },
  },
  status: 'success',
  message: '',
  CSRFToken: 'abc',
});

/** 4.5: no lak/hostId/webUI/perf/resolver.queriesActive. */
export const STATUS_45_XML =
  '<rsp><data><mta><product><name>PowerMTA</name><version>4.5r11</version><buildDate>2017-03-01 10:00:00</buildDate></product>' +
  '<fullHostName>mta45.example.net</fullHostName></mta><status><timeNow>2026-11-26 10:30:00</timeNow>' +
  '<startupTime>2026-11-01 00:00:00</startupTime><shuttingDown>0</shuttingDown>' +
  `<traffic><total>${period(2000, modern(3))}</total><lastHr>${period(200, modern(0))}</lastHr><lastMin>${period(20, modern(0))}</lastMin>` +
  `<topPerHr>${period(900, modern(0))}</topPerHr><topPerMin>${period(90, modern(0))}</topPerMin></traffic>` +
  '<conn><smtpIn><cur>1</cur><max>500</max><top>20</top></smtpIn><smtpOut><cur>5</cur><max>800</max><top>99</top></smtpOut></conn>' +
  '<resolver><namesCached>50</namesCached><queriesPending>0</queriesPending></resolver>' +
  '<queue><smtp><rcp>77</rcp><dom>3</dom><kb>769.4</kb></smtp></queue>' +
  '<spool><initPct>100</initPct><files><inUse>12</inUse><total>100</total></files><totalRcp>77</totalRcp><maxRcp>1000000</maxRcp></spool>' +
  '<status>running</status></status></data><succ/></rsp>';

/** 3.5r16 (shape of S4's real capture): gmImprinted, gmImprinter, no spool totals, no inner status. */
export const STATUS_35_XML =
  '<rsp><data><mta><product><name>PowerMTA</name><version>3.5r16</version><buildDate>2011-04-01 00:00:00</buildDate></product>' +
  '<fullHostName>old.example.net</fullHostName></mta><status><timeNow>2013-05-01 12:00:00</timeNow>' +
  '<startupTime>2013-04-01 00:00:00</startupTime><shuttingDown>0</shuttingDown>' +
  `<traffic><total>${period(300, '<gmImprinted>0</gmImprinted>')}</total><lastHr>${period(30, '<gmImprinted>0</gmImprinted>')}</lastHr>` +
  `<lastMin>${period(3, '<gmImprinted>0</gmImprinted>')}</lastMin><topPerHr>${period(60, '<gmImprinted>0</gmImprinted>')}</topPerHr>` +
  `<topPerMin>${period(6, '<gmImprinted>0</gmImprinted>')}</topPerMin></traffic>` +
  '<conn><smtpIn><cur>0</cur><max>100</max><top>4</top></smtpIn><smtpOut><cur>2</cur><max>200</max><top>17</top></smtpOut></conn>' +
  '<resolver><namesCached>9</namesCached><queriesPending>1</queriesPending></resolver>' +
  '<queue><smtp><rcp>5</rcp><dom>2</dom><kb>10.0</kb></smtp><gmImprinter><rcp>0</rcp><dom>0</dom><kb>0.0</kb></gmImprinter></queue>' +
  '<spool><initPct>100</initPct><files><inUse>3</inUse><total>50</total></files></spool></status></data><succ/></rsp>';
