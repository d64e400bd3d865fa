// Test oracle: renders Go text/template + sprig cases the way score-compose prepares its templates
// (template.New(name).Funcs(sprig.TxtFuncMap()).Parse(text)), for the differential tests of
// src/gotemplate. Never shipped or needed at run time.
//
// stdin:  a JSON array of {"name", "template", "data", "missingkey"}. In data, a number written with
//
//	'.', 'e' or 'E' is a float64 and any other an int (as yaml.v3 decodes them); an object
//	{"$struct": {...}} is the score-compose provisioner Data struct (a *main.Data).
//
// stdout: a JSON array of {"output"} or {"error", "phase": "parse"|"exec"}, one per case.
package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"strings"
	"text/template"

	"github.com/Masterminds/sprig"
)

type testCase struct {
	Name       string          `json:"name"`
	Template   string          `json:"template"`
	Data       json.RawMessage `json:"data"`
	MissingKey string          `json:"missingkey"`
}

type result struct {
	Output *string `json:"output,omitempty"`
	Error  string  `json:"error,omitempty"`
	Phase  string  `json:"phase,omitempty"`
}

// Data mirrors score-compose's templateprov.Data field for field.
type Data struct {
	Uid      string
	Type     string
	Class    string
	Id       string
	Params   map[string]interface{}
	Metadata map[string]interface{}

	Init   map[string]interface{}
	State  map[string]interface{}
	Shared map[string]interface{}

	SourceWorkload   string
	WorkloadServices map[string]NetworkService

	ComposeProjectName string
	MountsDirectory    string
}

// NetworkService and ServicePort mirror score-compose's provisioners types.
type NetworkService struct {
	ServiceName string
	Ports       map[string]ServicePort
}

// ServicePortProtocol is a named string type, as score's is.
type ServicePortProtocol string

type ServicePort struct {
	Name       string
	Port       int
	TargetPort int
	Protocol   ServicePortProtocol
}

func toServices(v interface{}) map[string]NetworkService {
	if v == nil {
		return nil
	}
	out := map[string]NetworkService{}
	for name, raw := range v.(map[string]interface{}) {
		m := raw.(map[string]interface{})
		svc := NetworkService{ServiceName: asString(m["ServiceName"])}
		if ports, ok := m["Ports"].(map[string]interface{}); ok {
			svc.Ports = map[string]ServicePort{}
			for k, p := range ports {
				pm := p.(map[string]interface{})
				svc.Ports[k] = ServicePort{
					Name: asString(pm["Name"]), Port: asInt(pm["Port"]), TargetPort: asInt(pm["TargetPort"]),
					Protocol: ServicePortProtocol(asString(pm["Protocol"])),
				}
			}
		}
		out[name] = svc
	}
	return out
}

func asInt(v interface{}) int {
	if n, ok := v.(json.Number); ok {
		i, _ := n.Int64()
		return int(i)
	}
	return 0
}

func convert(v interface{}) interface{} {
	switch x := v.(type) {
	case json.Number:
		s := string(x)
		if !strings.ContainsAny(s, ".eE") {
			if i, err := x.Int64(); err == nil {
				return int(i)
			}
		}
		f, _ := x.Float64()
		return f
	case map[string]interface{}:
		if s, ok := x["$struct"]; ok && len(x) == 1 {
			return toData(s.(map[string]interface{}))
		}
		// Ports inside $struct are converted by toServices before this runs.
		for k, e := range x {
			x[k] = convert(e)
		}
		return x
	case []interface{}:
		for i, e := range x {
			x[i] = convert(e)
		}
		return x
	}
	return v
}

func asMap(v interface{}) map[string]interface{} {
	if v == nil {
		return nil
	}
	return convert(v).(map[string]interface{})
}

func asString(v interface{}) string {
	s, _ := v.(string)
	return s
}

func toData(m map[string]interface{}) *Data {
	return &Data{
		Uid: asString(m["Uid"]), Type: asString(m["Type"]), Class: asString(m["Class"]), Id: asString(m["Id"]),
		Params: asMap(m["Params"]), Metadata: asMap(m["Metadata"]),
		Init: asMap(m["Init"]), State: asMap(m["State"]), Shared: asMap(m["Shared"]),
		SourceWorkload: asString(m["SourceWorkload"]), WorkloadServices: toServices(m["WorkloadServices"]),
		ComposeProjectName: asString(m["ComposeProjectName"]), MountsDirectory: asString(m["MountsDirectory"]),
	}
}

func render(c testCase) (res result) {
	defer func() {
		if r := recover(); r != nil {
			res = result{Error: fmt.Sprintf("panic: %v", r), Phase: "panic"}
		}
	}()
	var data interface{}
	dec := json.NewDecoder(bytes.NewReader(c.Data))
	dec.UseNumber()
	if len(c.Data) > 0 {
		if err := dec.Decode(&data); err != nil {
			return result{Error: "bad data: " + err.Error(), Phase: "input"}
		}
	}
	data = convert(data)
	mk := c.MissingKey
	if mk == "" {
		mk = "default"
	}
	tmpl, err := template.New(c.Name).Funcs(sprig.TxtFuncMap()).Option("missingkey=" + mk).Parse(c.Template)
	if err != nil {
		return result{Error: err.Error(), Phase: "parse"}
	}
	var out bytes.Buffer
	if err := tmpl.Execute(&out, data); err != nil {
		return result{Error: err.Error(), Phase: "exec"}
	}
	s := out.String()
	return result{Output: &s}
}

func main() {
	in := bufio.NewReader(os.Stdin)
	var cases []testCase
	if err := json.NewDecoder(in).Decode(&cases); err != nil {
		fmt.Fprintln(os.Stderr, "render: bad input:", err)
		os.Exit(2)
	}
	results := make([]result, len(cases))
	for i, c := range cases {
		results[i] = render(c)
	}
	enc := json.NewEncoder(os.Stdout)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(results); err != nil {
		fmt.Fprintln(os.Stderr, "render:", err)
		os.Exit(2)
	}
}
