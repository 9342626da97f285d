#!/usr/bin/env python3
"""Sorts the bench's own JFR CPU samples (the client: `stampede bench ...`) into what the client does per request.

Usage: java -XX:StartFlightRecording=filename=bench.jfr,settings=profile -jar stampede.jar bench flash-sale ...
       jfr print --json --stack-depth 256 --events jdk.ExecutionSample bench.jfr > samples.json
       python3 jfr_client_stages.py samples.json
Each sample goes to the stage of the innermost frame that a rule recognises (walking from the leaf towards the
thread's start); the top leaf frames follow. JFR samples Java frames only: time in the kernel shows as the socket
call that entered it, and the collector's and the compiler's threads are not sampled.
"""
import collections, json, sys

d = json.load(open(sys.argv[1]))


def fn(f):
    return f['method']['type']['name'].replace('/', '.') + '.' + f['method']['name']


stages = [
    ('recorder (RunRecorder, HdrHistogram)', lambda x: x.startswith(('dev.stampede.bench.load.RunRecorder', 'org.HdrHistogram'))),
    ('request bytes (HttpRequestBytes, URI, strings)', lambda x: x.startswith(('dev.stampede.bench.http.HttpRequestBytes', 'java.net.URI'))),
    ('socket write', lambda x: 'SocketOutputStream' in x or 'NioSocketImpl.write' in x or 'NioSocketImpl.implWrite' in x),
    ('socket read (incl. parking until the answer)', lambda x: 'SocketInputStream' in x or 'NioSocketImpl.read' in x or 'NioSocketImpl.implRead' in x or 'NioSocketImpl.park' in x),
    ('response parsing (HttpConnection)', lambda x: x.startswith('dev.stampede.bench.http.HttpConnection')),
    ('outcome mapping', lambda x: x.startswith('dev.stampede.bench.load.OutcomeMap')),
    ('progress bar', lambda x: x.startswith('dev.stampede.bench.report.ProgressBar')),
    ('virtual threads: start, park, unpark, poller', lambda x: x.startswith(('java.lang.VirtualThread', 'jdk.internal.vm.Continuation', 'sun.nio.ch.Poller', 'sun.nio.ch.EPoll', 'java.lang.ThreadBuilders'))),
    ('carrier pool (ForkJoinPool)', lambda x: x.startswith('java.util.concurrent.ForkJoin')),
    ('load runner', lambda x: x.startswith('dev.stampede.bench.load.LoadRunner')),
]
stage = collections.Counter()
leaf = collections.Counter()
n = 0
for e in d['recording']['events']:
    frames = [fn(f) for f in e['values']['stackTrace']['frames']]
    if not frames:
        continue
    n += 1
    leaf[frames[0]] += 1
    for f in frames:
        hit = next((name for name, rule in stages if rule(f)), None)
        if hit:
            stage[hit] += 1
            break
    else:
        stage['other: ' + frames[-1]] += 1
print(f'{n} samples')
for name, count in stage.most_common(20):
    print(f'{100.0 * count / n:5.1f}%  {name}')
print('top leaf frames:')
for name, count in leaf.most_common(25):
    print(f'{100.0 * count / n:5.1f}%  {name}')
