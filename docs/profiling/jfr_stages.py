#!/usr/bin/env python3
"""Sorts the service's JFR CPU samples on request threads into the stages of the request path.

Usage: jfr print --json --stack-depth 512 --events jdk.ExecutionSample svc.jfr > samples.json
       python3 jfr_stages.py samples.json
Each sample goes to the stage of the innermost frame that one of the rules below recognises (walking from the
leaf towards the thread's start), so a sample inside Jackson called by Spring's converters counts as JSON.
"""
import json,collections,sys
d=json.load(open(sys.argv[1]))
def fn(f): return f['method']['type']['name'].replace('/','.')+'.'+f['method']['name']
stages=[
 ('metrics (Micrometer: HTTP observation, purchase meters)', lambda x: x.startswith('io.micrometer')),
 ('JSON (Jackson: read the body, write the answer)', lambda x: x.startswith(('com.fasterxml.jackson','tools.jackson'))),
 ('strategy, stores, JDBC driver, pool', lambda x: x.startswith(('org.postgresql','com.zaxxer','dev.stampede.jdbc','dev.stampede.core'))),
 ('controller and Sales', lambda x: x.startswith(('dev.stampede.server.sale','dev.stampede.server.web.')) and 'Controller' in x or x.startswith('dev.stampede.server.sale')),
 ('Spring: response writing (converters, negotiation)', lambda x: 'writeWithMessageConverters' in x or 'handleReturnValue' in x),
 ('Spring: argument binding (converters)', lambda x: 'readWithMessageConverters' in x or 'resolveArgument' in x),
 ('Spring: handler mapping', lambda x: 'DispatcherServlet.getHandler' in x),
 ('Spring: dispatch, invocation', lambda x: x.startswith(('org.springframework.web.servlet','org.springframework.web.method'))),
 ('Stampede servlet filters (headers, body limit, text, negotiation)', lambda x: x.startswith('dev.stampede.server.web.')),
 ('other servlet filters (Spring, Tomcat filter chain)', lambda x: x.startswith(('org.springframework.web.filter','org.apache.catalina.core.ApplicationFilterChain','org.springframework.security'))),
 ('Tomcat: parse request line and headers', lambda x: 'Http11InputBuffer' in x or 'Http11Processor.prepareRequest' in x),
 ('Tomcat: commit and write the response', lambda x: 'Http11OutputBuffer' in x or 'prepareResponse' in x or 'SocketChannelImpl.write' in x),
 ('Tomcat: recycle request and processor', lambda x: ('recycle' in x and 'apache' in x) or 'RecycledProcessors' in x),
 ('Stampede connection guards', lambda x: x.startswith('dev.stampede.server.http.') and 'ReleaseListener.process' not in x and 'GuardedNioEndpoint' not in x),
]
c=collections.Counter(); n=0
for e in d['recording']['events']:
    th=e['values'].get('sampledThread',{}).get('javaName') or ''
    if not th.startswith('tomcat-handler'): continue
    n+=1
    fr=[fn(f) for f in e['values']['stackTrace']['frames']]
    label='Tomcat: other (processor, sockets, container)'
    done=False
    for x in fr:
        for l,p in stages:
            if p(x): label=l; done=True; break
        if done: break
    c[label]+=1
print('request-thread samples', n)
for k,v in c.most_common(): print(f'{v*100/n:5.1f}%  {k}')
